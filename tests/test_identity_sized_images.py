"""Identity images on pages at the size they are shown: the header and the hero take a copy made
for their height (twice it in pixels), at a URL carrying the image's digest and kept a year;
emails, PDFs and the stored file keep the original."""

import base64
import io
import re

import pytest
from PIL import Image

from conference import demo_images, identity, storage
from conference.demo import demo_logo
from conference.identity import image_data_url, load_logo, store_logo
from tests.registration.test_email import inbox, parts, with_smtp  # noqa: F401  (the SMTP fixture)
from tests.registration.test_form import register

IMG = re.compile(r'<img class="(?P<cls>brand__logo|hero__logo)" src="(?P<src>[^"]+)" alt="[^"]*" '
                 r'width="(?P<width>\d+)" height="(?P<height>\d+)"')


def png(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", (width, height), (11, 110, 79, 255)).save(out, "PNG")
    return out.getvalue()


def pixels(data: bytes) -> tuple[int, int]:
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "PNG"
        return image.size


@pytest.fixture
def logos(db, edition):
    edition.host_logo = store_logo(demo_logo())
    edition.organizer_logo = store_logo(demo_images.organizer_logo())
    db.session.commit()
    return edition


def page_images(html: str) -> list[dict]:
    return [m.groupdict() for m in IMG.finditer(html)]


@pytest.mark.parametrize("language", ["ar", "en"])
def test_the_header_and_hero_take_logos_made_for_the_height_they_are_shown_at(client, logos, language):
    client.set_cookie("lang", language)
    html = client.get("/").get_data(as_text=True)
    images = page_images(html)
    header = [i for i in images if i["cls"] == "brand__logo"]
    hero = [i for i in images if i["cls"] == "hero__logo"]
    assert len(header) == 2 and len(hero) == 2
    for shown, css_height in [(i, 40) for i in header] + [(i, 96) for i in hero]:
        assert (shown["width"], shown["height"]) == (str(css_height), str(css_height))  # square logos, no shift
        assert re.fullmatch(rf"/identity/[0-9a-f]{{32}}\.png/{css_height}/[0-9a-f]{{16}}\.png", shown["src"])
        response = client.get(shown["src"])
        assert response.status_code == 200 and response.mimetype == "image/png"
        assert pixels(response.data) == (2 * css_height, 2 * css_height)  # from 400 × 400 stored
        cache = response.headers["Cache-Control"]
        assert "max-age=31536000" in cache and "immutable" in cache and "public" in cache
    assert html.count('fetchpriority="low" decoding="async"') == 2  # the header's: never the largest paint
    for path in ("/register", "/agenda"):
        assert [i["src"] for i in page_images(client.get(path).get_data(as_text=True))] == [i["src"] for i in header]


def test_unknown_or_garbled_sizes_and_digests_are_not_found(client, logos):
    [header, *_] = page_images(client.get("/").get_data(as_text=True))
    good = header["src"]
    name, height, digest = re.fullmatch(r"/identity/([^/]+)/(\d+)/([0-9a-f]+)\.png", good).groups()
    other = logos.organizer_logo if name == logos.host_logo else logos.host_logo
    bad = [
        f"/identity/{name}/41/{digest}.png",  # a height no page shows
        f"/identity/{name}/80/{digest}.png",
        f"/identity/{name}/{'9' * 40}/{digest}.png",
        f"/identity/{name}/-40/{digest}.png",
        f"/identity/{name}/0040/{digest}.png",
        f"/identity/{name}/40/{'0' * 16}.png",  # a digest of another image, or of none
        f"/identity/{name}/40/{digest[:-1]}.png",
        f"/identity/{name}/40/{digest.upper()}.png",
        f"/identity/{name}/40/{digest}.jpg",
        f"/identity/{name}/40/%00{digest}.png",
        f"/identity/{other}/40/{digest}.png",  # another image under this one's digest
        f"/identity/{'f' * 32}.png/40/{digest}.png",  # no such image
        f"/identity/{name[:-4]}.svg/40/{digest}.png",
        f"/identity/..%2F..%2Fsecret_key/40/{digest}.png",
        "/identity/x/40/y.png",
    ]
    for url in bad:
        assert client.get(url).status_code == 404, url
    assert client.get(good).status_code == 200


def test_an_image_that_is_not_an_image_after_all_is_not_found_and_pages_still_render(client, db, edition):
    name = f"{'a' * 32}.png"
    storage.save(identity.logo_key(name), b"not a png")
    edition.host_logo = name
    db.session.commit()
    home = client.get("/")
    assert home.status_code == 200 and "brand__logo" not in home.get_data(as_text=True)
    assert client.get(f"/identity/{name}/40/{'0' * 16}.png").status_code == 404


def test_wide_logos_keep_their_shape_and_small_ones_are_not_enlarged(app, db, edition):
    wide, small = store_logo(png(600, 150)), store_logo(png(50, 30))
    with app.test_request_context("/"):
        header = identity.sized_image(wide, 40)
        assert pixels(header.data) == (240, 60) and (header.width, header.height) == (120, 40)  # the width bound
        partner = identity.sized_image(wide, 64)
        assert pixels(partner.data) == (384, 96) and (partner.width, partner.height) == (192, 64)
        tiny = identity.sized_image(small, 40)
        assert pixels(tiny.data) == (50, 30) and (tiny.width, tiny.height) == (67, 40)


def test_flat_logos_travel_in_256_colours_and_gradients_in_full_colour(app, db, edition):
    gradient = Image.new("RGBA", (400, 400))
    gradient.putdata([(x * 255 // 400, y * 255 // 400, (x + y) * 255 // 800, 255) for y in range(400) for x in range(400)])
    out = io.BytesIO()
    gradient.save(out, "PNG")
    flat, smooth = store_logo(demo_logo()), store_logo(out.getvalue())
    with app.test_request_context("/"):
        small = identity.sized_image(flat, 40)
        assert len(small.data) < len(load_logo(flat))  # smaller than the stored image, not only fewer pixels
        with Image.open(io.BytesIO(small.data)) as image:
            assert image.mode == "P"
        with Image.open(io.BytesIO(identity.sized_image(smooth, 40).data)) as image:
            assert image.mode == "RGBA" and image.size == (80, 80)


def test_each_size_of_an_image_is_made_once(app, db, edition, monkeypatch):
    name = store_logo(demo_logo())
    loads = []
    real_load = storage.load
    monkeypatch.setattr(storage, "load", lambda key: loads.append(key) or real_load(key))
    with app.test_request_context("/"):
        first = [identity.sized_image(name, height) for height in (40, 96)]
        again = [identity.sized_image(name, height) for height in (40, 96)]
    assert first == again and len(loads) == 2
    assert first[0].digest != first[1].digest


@with_smtp
def test_emails_pdfs_and_the_stored_file_keep_the_original(client, logos, inbox):  # noqa: F811
    original = load_logo(logos.host_logo)
    assert pixels(original) == (400, 400)
    response = client.get(f"/identity/{logos.host_logo}")
    assert response.status_code == 200 and response.data == original
    with client.application.test_request_context("/"):
        assert base64.b64decode(image_data_url(logos.host_logo).split(",", 1)[1]) == original  # PDFs and badges
    register(client)
    [message] = inbox.messages
    _text, html, _images, _calendars = parts(message)
    assert f"/identity/{logos.host_logo}\"" in html and f"/identity/{logos.organizer_logo}\"" in html
    assert "/40/" not in html and "/96/" not in html


@pytest.mark.app_config(STORAGE_URL="database")
def test_copies_are_made_from_images_kept_in_the_database_too(client, logos):
    [header, *_] = page_images(client.get("/").get_data(as_text=True))
    response = client.get(header["src"])
    assert response.status_code == 200 and pixels(response.data) == (80, 80)
