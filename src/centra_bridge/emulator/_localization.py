"""Languages and translations of products, variants and displays (``localize``).

Every object lists one ``Localization`` per language available for localization, with every
translatable field of its type; a field without a translation has a null value (Centra then
shows the default text).
"""

from __future__ import annotations

from typing import Any

from ariadne import InterfaceType, MutationType, ObjectType, QueryType

from centra_bridge.emulator._context import Info, shop_of
from centra_bridge.emulator._model import Display, Language, Product, ProductVariant
from centra_bridge.emulator._mutations import UserInputError, payload, require
from centra_bridge.emulator._paging import page_slice
from centra_bridge.emulator._refs import lookup
from centra_bridge.emulator._shop import Shop

query = QueryType()
mutation = MutationType()
localizable = InterfaceType("Localizable")
product_type = ObjectType("Product")
variant_type = ObjectType("ProductVariant")
display_type = ObjectType("Display")
bindables = [query, mutation, localizable, product_type, variant_type, display_type]

# The translatable fields per object type, in the order Centra lists them.
FIELDS: dict[str, tuple[str, ...]] = {
    "Product": ("name",),
    "ProductVariant": ("name",),
    "Display": (
        "name",
        "uri",
        "metaDescription",
        "metaKeywords",
        "metaTitle",
        "shortDescription",
        "description",
    ),
}
_TYPES: dict[type, str] = {Product: "Product", ProductVariant: "ProductVariant", Display: "Display"}


def _registry(shop: Shop, object_type: str) -> dict[int, Any]:
    registries: dict[str, dict[int, Any]] = {
        "Product": shop.products,
        "ProductVariant": shop.variants,
        "Display": shop.displays,
    }
    return registries[object_type]


def _languages(shop: Shop) -> list[Language]:
    return [lang for lang in shop.languages.values() if lang.is_available_for_localization]


def localized(shop: Shop, object_type: str, object_id: int) -> list[dict[str, Any]]:
    result = []
    for language in _languages(shop):
        texts = shop.translations.get((object_type, object_id, language.id), {})
        translations = [{"field": f, "value": texts.get(f)} for f in FIELDS[object_type]]
        result.append({"language": language, "translations": translations})
    return result


@localizable.type_resolver
def resolve_localizable_type(obj: Any, *_: Any) -> str:
    return _TYPES[type(obj)]


def _localized(object_type: str) -> Any:
    def resolve(obj: Any, info: Info) -> list[dict[str, Any]]:
        return localized(shop_of(info), object_type, obj.id)

    return resolve


product_type.set_field("localized", _localized("Product"))
variant_type.set_field("localized", _localized("ProductVariant"))
display_type.set_field("localized", _localized("Display"))


@query.field("languages")
def resolve_languages(
    _: None,
    info: Info,
    where: dict[str, Any] | None = None,
    limit: int | None = None,
    page: int | None = None,
) -> list[Language]:
    languages = list(shop_of(info).languages.values())
    where = where or {}
    if where.get("id") is not None:
        languages = [lang for lang in languages if lang.id in set(where["id"])]
    for key in ("is_active", "is_available_for_localization"):
        if where.get(key) is not None:
            languages = [lang for lang in languages if getattr(lang, key) == where[key]]
    return page_slice(languages, limit, page)


def _language(info: Info, ref: dict[str, Any]) -> Language:
    shop = shop_of(info)
    if ref.get("language_code") is not None and ref.get("id") is None:
        found = next(
            (
                lang
                for lang in shop.languages.values()
                if lang.language_code == ref["language_code"]
            ),
            None,
        )
        if found is None:
            msg = f"Could not find Language with languageCode {ref['language_code']}"
            raise UserInputError(msg, ["input", "language", "languageCode"])
        return found
    return lookup(info, shop.languages, ref, ["input", "language"], kind="Language")


@mutation.field("localize")
@payload("localized_object")
def resolve_localize(_: None, info: Info, input: dict[str, Any]) -> Any:
    """Set (or, with a null value, remove) translations of one object into one language."""
    shop = shop_of(info)
    object_type, object_id = input["object_type"], int(input["object_id"])
    target = _registry(shop, object_type).get(object_id)
    if target is None:
        msg = f"Could not find {object_type} with ID {object_id}"
        raise UserInputError(msg, ["input", "objectId"])
    language = _language(info, input["language"])
    require(
        language.is_available_for_localization,
        f"Language {language.name} is not available for localization",
        ["input", "language"],
    )
    for index, item in enumerate(input["translations"]):
        require(
            item["field"] in FIELDS[object_type],
            f"{object_type} has no translatable field {item['field']!r}; "
            f"it has {list(FIELDS[object_type])}",
            ["input", "translations", str(index), "field"],
        )
    texts = shop.translations.setdefault((object_type, object_id, language.id), {})
    for item in input["translations"]:
        if item.get("value") is None:
            texts.pop(item["field"], None)
        else:
            texts[item["field"]] = item["value"]
    shop.emit(object_type, "UPDATED", target)
    return target
