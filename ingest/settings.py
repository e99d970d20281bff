"""The one settings object, read from the environment and `.env` (mirrored by `.env.example`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict


class Settings(BaseSettings):
    """Every knob of careerbot; built once and passed in, so tests can point it anywhere."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    discord_token: SecretStr | None = None
    discord_guild_ids: Annotated[list[int], NoDecode] = Field(default_factory=list)
    moderator_role: str | None = None

    corpus_dir: Path = Path("corpus")
    chroma_path: Path = Path(".careerbot/chroma")
    chroma_host: str | None = None
    index_path: Path | None = None
    chroma_port: int = 8000
    collection: str = "careerbot"
    embed_model: str = "all-MiniLM-L6-v2"
    model_cache: Path = Path.home() / ".cache" / "careerbot"

    llm_provider: str | None = None
    llm_model: str | None = None
    llm_base_url: str | None = None
    llm_api_key: SecretStr | None = None
    llm_timeout_s: float = Field(default=20.0, gt=0)

    max_file_mb: float = 20.0
    pdf_timeout_s: float = 20.0
    lock_timeout_s: float = 60.0
    ask_per_minute: int = 10
    chunk_size: int = 700
    chunk_overlap: int = 100
    max_chunks_per_doc: int = Field(default=400, ge=1)
    ingest_niceness: int = Field(default=10, ge=0, le=19)
    log_level: str = "INFO"

    @field_validator("discord_guild_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        if isinstance(value, str):
            return [int(part) for part in value.replace(" ", ",").split(",") if part]
        return value

    @field_validator(
        "discord_token",
        "llm_api_key",
        "chroma_host",
        "index_path",
        "moderator_role",
        "llm_provider",
        "llm_model",
        "llm_base_url",
        mode="before",
    )
    @classmethod
    def _empty_is_unset(cls, value: object) -> object:
        return None if value == "" else value

    @property
    def llm_configured(self) -> bool:
        """Whether an LLM writer is asked for; without one, answers stay extractive and offline."""
        return bool(self.llm_model or self.llm_provider)

    @property
    def max_file_bytes(self) -> int:
        """Size cap for articles and uploads, refused by name before they are read."""
        return int(self.max_file_mb * 1024 * 1024)

    @property
    def data_dir(self) -> Path:
        """Folder beside the store for the lock file, audit log and feedback database."""
        return self.chroma_path.parent

    @property
    def index_dir(self) -> Path | None:
        """Where ingest persists the search index that bots load at start; None when there is none.

        INDEX_PATH, else beside the embedded store. With a Chroma server nothing is kept on local
        disk unless INDEX_PATH names a folder that every bot process can read (a shared mount);
        without one, each bot rebuilds the index in memory at start.
        """
        if self.index_path:
            return self.index_path
        return None if self.chroma_host else self.data_dir / "index"
