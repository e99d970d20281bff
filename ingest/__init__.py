"""Write path of careerbot: load, clean, chunk, extract facts, embed and store career articles."""
