"""The tables. Events are appended and never changed: a correction is a new row that voids
an earlier one, with a reason. Every row says who wrote it and when (UTC)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Optional

from sqlalchemy import JSON, Column, DateTime, ForeignKey, Index, Integer, String
from sqlmodel import Field, SQLModel


class ChildRow(SQLModel, table=True):
    __tablename__ = "child"

    id: Optional[int] = Field(default=None, primary_key=True)
    ref: str = Field(sa_column=Column(String(64), nullable=False, unique=True))
    name: str = Field(sa_column=Column(String(200), nullable=False))
    dob: Optional[date] = None  # empty for an unborn child
    expected_birth: Optional[date] = None
    worker: Optional[str] = Field(default=None, sa_column=Column(String(200), index=True))
    team: Optional[str] = Field(default=None, sa_column=Column(String(200), index=True))
    sibling_group: Optional[str] = Field(default=None, sa_column=Column(String(64)))
    uasc: bool = False
    recorded_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    recorded_by: str = Field(sa_column=Column(String(100), nullable=False))


class EventRow(SQLModel, table=True):
    __tablename__ = "event"
    __table_args__ = (Index("ix_event_child_date", "child_id", "date", "id"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    child_id: int = Field(sa_column=Column(Integer, ForeignKey("child.id"), nullable=False))
    kind: str = Field(sa_column=Column(String(32), nullable=False))
    date: date
    details: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    voids: Optional[int] = Field(
        default=None, sa_column=Column(Integer, ForeignKey("event.id"), unique=True)
    )
    reason: Optional[str] = Field(default=None, sa_column=Column(String(500)))
    recorded_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    recorded_by: str = Field(sa_column=Column(String(100), nullable=False))


class ChildChangeRow(SQLModel, table=True):
    """A change to what is recorded about a child, from a day (None: a correction, true
    for the whole record), with why. Appended, never changed."""

    __tablename__ = "child_change"
    __table_args__ = (Index("ix_child_change_child", "child_id", "id"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    child_id: int = Field(sa_column=Column(Integer, ForeignKey("child.id"), nullable=False))
    field: str = Field(sa_column=Column(String(20), nullable=False))
    value: Optional[str] = Field(default=None, sa_column=Column(String(200)))
    from_day: Optional[date] = None
    reason: str = Field(sa_column=Column(String(500), nullable=False))
    voids: Optional[int] = Field(default=None, sa_column=Column(Integer, ForeignKey("child_change.id"), unique=True))
    recorded_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    recorded_by: str = Field(sa_column=Column(String(100), nullable=False))


class SettingRow(SQLModel, table=True):
    __tablename__ = "setting"

    key: str = Field(sa_column=Column(String(64), primary_key=True))
    value: str = Field(sa_column=Column(String(2000), nullable=False))
    recorded_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    recorded_by: str = Field(sa_column=Column(String(100), nullable=False))


class AuditRow(SQLModel, table=True):
    """Who did what, when and why: every change, and every export of personal data.
    Rows are appended and never changed (the database refuses UPDATE and DELETE)."""

    __tablename__ = "audit"
    __table_args__ = (Index("ix_audit_child_at", "child_ref", "at"), Index("ix_audit_at", "at"))

    id: Optional[int] = Field(default=None, primary_key=True)
    at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    by: str = Field(sa_column=Column(String(100), nullable=False))
    action: str = Field(sa_column=Column(String(40), nullable=False))
    child_ref: Optional[str] = Field(default=None, sa_column=Column(String(64)))
    record: Optional[str] = Field(default=None, sa_column=Column(String(100)))
    reason: Optional[str] = Field(default=None, sa_column=Column(String(500)))
    detail: Optional[dict[str, Any]] = Field(default=None, sa_column=Column(JSON))
    # The database role of the session, set by the server (PostgreSQL), not by the client.
    db_role: Optional[str] = Field(default=None, sa_column=Column(String(100)))


class PurgeRow(SQLModel, table=True):
    """Children being removed at the end of retention, inside one transaction only."""

    __tablename__ = "purge"

    child_id: int = Field(sa_column=Column(Integer, primary_key=True))


metadata = SQLModel.metadata
