"""The service's tables (SQLAlchemy Core; their schema comes from `vivify.migrations`).

- `accounts`: who signs in (argon2 hash), their training consent and when it was given;
- `credentials`: session cookies and API tokens, by SHA-256 (the secret itself is never kept);
- `follows`: who follows whom;
- `drafts`: a photo and what to do with it, and its job's state (the job *is* the draft's
  render: queued → running → done | failed | blocked | cancelled);
- `stories`: a published draft, until it expires;
- `actions`: when an account created a draft or published, for its rate limits (kept a day).

Times are UTC; SQLite stores them without a zone.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()


def _owner() -> Column[str]:
    """The account a row belongs to (its rows go with it)."""
    return Column(
        "account_id",
        String(32),
        ForeignKey("accounts.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    )


accounts = Table(
    "accounts",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("username", String(32), nullable=False, unique=True),
    Column("password_hash", String(256), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("training_consent", Boolean, nullable=False, default=False),
    Column("training_consent_at", DateTime(timezone=True), nullable=True),
    Column("blocked", Boolean, nullable=False, default=False),
)

credentials = Table(
    "credentials",
    metadata,
    Column("token_sha256", String(64), primary_key=True),
    _owner(),
    Column("kind", String(8), nullable=False),  # "session" or "api"
    Column("csrf", String(64), nullable=True),  # sessions only
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
)

follows = Table(
    "follows",
    metadata,
    Column(
        "follower_id",
        String(32),
        ForeignKey("accounts.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column(
        "followee_id",
        String(32),
        ForeignKey("accounts.id", ondelete="CASCADE"),
        primary_key=True,
        index=True,
    ),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

drafts = Table(
    "drafts",
    metadata,
    Column("id", String(32), primary_key=True),
    _owner(),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False, index=True),
    Column("status", String(16), nullable=False, index=True),
    Column("stage", String(16), nullable=False, default=""),
    Column("done", Integer, nullable=False, default=0),
    Column("total", Integer, nullable=False, default=0),
    Column("cancel_requested", Boolean, nullable=False, default=False),
    Column("attempts", Integer, nullable=False, default=0),
    Column("request_json", Text, nullable=False),  # the request without its photo
    Column("photo_format", String(8), nullable=False),
    Column("training_allowed", Boolean, nullable=False, default=False),
    Column("reason", Text, nullable=False, default=""),  # why it failed or was blocked
    Column("summary_json", Text, nullable=True),  # the clip's summary, once done
    Column("clip_sha256", String(64), nullable=True),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

stories = Table(
    "stories",
    metadata,
    Column("id", String(32), primary_key=True),
    Column(
        "draft_id",
        String(32),
        ForeignKey("drafts.id", ondelete="CASCADE"),
        nullable=False,
        unique=True,
    ),
    _owner(),
    Column("visibility", String(16), nullable=False),  # "followers" or "everyone"
    Column("published_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False, index=True),
    Column("report_json", Text, nullable=False),  # the provenance report, made at publishing
)

actions = Table(
    "actions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    _owner(),
    Column("kind", String(16), nullable=False),  # "draft" or "publish"
    Column("at", DateTime(timezone=True), nullable=False),
)
