"""Database tables of provinces and communes, filled from the shipped JSON by load_geography."""

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.extensions import db


# "Row" keeps these apart from the resolver's Province/Commune dataclasses, which need no database.
class ProvinceRow(db.Model):
    __tablename__ = "provinces"

    code: Mapped[str] = mapped_column(String(2), primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    # Accent-free lower-case name, so SQL search and sorting need no unaccent extension.
    name_folded: Mapped[str] = mapped_column(String(80), index=True)
    kind: Mapped[str] = mapped_column(String(12))

    communes: Mapped[list["CommuneRow"]] = relationship(back_populates="province", order_by="CommuneRow.name_folded")

    def __repr__(self) -> str:
        return f"<ProvinceRow {self.code} {self.name}>"


class CommuneRow(db.Model):
    __tablename__ = "communes"

    code: Mapped[str] = mapped_column(String(5), primary_key=True)
    province_code: Mapped[str] = mapped_column(ForeignKey("provinces.code"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    name_folded: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(12))

    province: Mapped[ProvinceRow] = relationship(back_populates="communes")

    def __repr__(self) -> str:
        return f"<CommuneRow {self.code} {self.name}>"
