"""The dimensions and measures a trend breaks down by and counts, shared by the trend engine and its command.

A dimension's level says where it lives: on the case (counted once per case), on the goods line (a case
counts under each item of its lines), or in a line's list of IPR types (a line counts under each type).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Dimension:
    column: str
    level: str  # case, line or ipr


DIMENSIONS: dict[str, Dimension] = {
    "member": Dimension("member", "case"),
    "region": Dimension("wco_region", "case"),
    "rilo": Dimension("rilo", "case"),
    "month": Dimension("month", "case"),
    "location": Dimension("location_type", "case"),
    "conveyance": Dimension("conveyance", "case"),
    "environment": Dimension("shipping_environment", "case"),
    "traffic": Dimension("traffic", "case"),
    "direction": Dimension("direction", "case"),
    "customs_procedure": Dimension("customs_procedure", "case"),
    "procedure": Dimension("procedure_initiation", "case"),
    "outcome": Dimension("outcome", "case"),
    "provenance": Dimension("departure_country", "case"),
    "origin": Dimension("origin_country", "case"),
    "destination": Dimension("destination_country", "case"),
    "route": Dimension("route", "case"),
    "route_transit": Dimension("route_transit", "case"),
    "concealment": Dimension("concealment_method", "case"),
    "detection": Dimension("detection_method", "case"),
    "small_consignment": Dimension("small_consignment", "case"),
    "ecommerce": Dimension("ecommerce", "case"),
    "category": Dimension("product_category", "line"),
    "hs_chapter": Dimension("hs_chapter", "line"),
    "brand": Dimension("brand", "line"),
    "health_safety": Dimension("health_safety", "line"),
    "value_basis": Dimension("value_basis", "line"),
    "ipr_type": Dimension("ipr_type", "ipr"),
}
MEASURES: tuple[str, ...] = ("cases", "lines", "articles", "value_eur", "value_usd", "members")
VALUE_MEASURES = ("value_eur", "value_usd")
