"""Reading a PDF's text layer back, and the Arabic names every PDF must return letter for letter."""

import io
import re
import unicodedata

from pypdf import PdfReader

# Real Gulf names and words: every letter in its initial, medial, final and isolated forms,
# hamza on alef (above and below), waw, yaa and on the line, madda, taa marbuta, alef maqsura,
# lam-alef in all its forms, and the dotted letters that share a body with their siblings.
ARABIC_NAMES = [
    "نورة بنت سعد الشهري", "فاطمة بنت ناصر الزهراني", "عبدالرحمن بن عبدالعزيز القحطاني", "أحمد بن علي الغامدي",
    "إبراهيم بن يحيى العنزي", "آمنة مصطفى الظاهري", "عائشة بنت ثامر الدوسري", "مؤمن بن لؤي المطيري",
    "رئيسة قسم الشؤون البلدية", "هيفاء بنت ضيف الله الحربي", "ليلى بنت موسى الزعابي", "سلمى عيسى المهيري",
    "ذكرى بنت خليفة الكعبي", "جمانة بنت غازي البلوشي", "حصة بنت فيصل الشمري", "شيخة بنت زايد آل نهيان",
    "ضحى بنت ظافر الهاشمي", "لطيفة بنت تركي آل سعود", "لانا بنت إلياس الأنصاري", "آلاء بنت لؤلؤة العتيبي",
    "بشائر بنت قاسم الخثلان", "غادة بنت صالح الثنيان", "طلال بن منصور الجهني", "سؤدد بن ماء السماء",
    "رؤى بنت وليد الخزرجي", "هزاع بن نايف الكثيري", "بدر بن سلطان الودعاني", "زينب بنت مرتضى اللواتي",
]
ARABIC_TITLES = [
    "الحكومة الرقمية: تجارب البلديات الخليجية", "المدن الذكية وجودة الحياة", "الذكاء الاصطناعي في خدمة المستفيد",
    "إدارة الأزمات والطوارئ بالمنصات الموحدة", "لا مركزية الخدمات: تجربة الأمانة", "مؤشرات الأداء ورضا المراجعين",
]


def normalized(text: str) -> str:
    """NFKC (presentation forms back to letters), tatweel dropped, runs of spaces made one."""
    text = unicodedata.normalize("NFKC", text).replace("\u0640", "")
    return re.sub(r"\s+", " ", text)


def unwrapped(text: str) -> str:
    """normalized() without any spaces: for text a layout may wrap in the middle of a word."""
    return normalized(text).replace(" ", "")


def pdf_pages(pdf: bytes) -> list[str]:
    return [normalized(page.extract_text()) for page in PdfReader(io.BytesIO(pdf)).pages]


def pdf_text(pdf: bytes) -> str:
    return " ".join(pdf_pages(pdf))


def missing(text: str, wanted: list[str]) -> list[str]:
    """The strings of `wanted` that `text` does not hold exactly, letter for letter."""
    text = normalized(text)
    return [item for item in wanted if normalized(item) not in text]


def structure(pdf: bytes) -> dict:
    """What a PDF/UA check reads: the catalog's marks, language, title, outline, XMP ids, structure tags."""
    reader = PdfReader(io.BytesIO(pdf))
    root = reader.trailer["/Root"]
    tags = set()

    def walk(node):
        node = node.get_object()
        if isinstance(node, dict):
            if "/S" in node:
                tags.add(str(node["/S"]))
            kids = node.get("/K")
            if kids is not None:
                for kid in (kids if isinstance(kids, list) else [kids]):
                    walk(kid)
        elif isinstance(node, list):
            for kid in node:
                walk(kid)

    if "/StructTreeRoot" in root:
        walk(root["/StructTreeRoot"])
    xmp = root["/Metadata"].get_object().get_data().decode() if "/Metadata" in root else ""
    return {
        "marked": bool(root.get("/MarkInfo", {}).get("/Marked")),
        "lang": str(root.get("/Lang", "")),
        "title": (reader.metadata or {}).get("/Title", ""),
        "outline": [item.title for item in reader.outline if not isinstance(item, list)],
        "xmp": xmp,
        "tags": tags,
    }
