"""Read path of careerbot: retrieve, answer with citations, and present answers on Discord."""
