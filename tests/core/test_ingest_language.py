"""Our language detector (core/ingest/language_guess.py), used when a page declares none."""

from __future__ import annotations

import time

import pytest

from osint_desk.core.ingest.html_pages import read_html_page
from osint_desk.core.ingest.language_guess import guess_language, normalise_tag


@pytest.mark.parametrize(("text", "language"), [
    ("서울 시내 주요 도로가 오늘 아침 폭설로 크게 막혔습니다. "
     "시민들은 대중교통을 이용했습니다.", "ko"),
    ("東京都は今日、新しい防災計画を発表しました。住民は避難場所を確認してください。", "ja"),
    ("新华社北京电 国务院今天召开常务会议，"
     "部署进一步做好稳就业工作，会议强调要加大支持力度。", "zh"),
    ("Президент подписал указ о новых мерах поддержки семей с детьми. Это решение вступит в силу.",
     "ru"),
    ("Президент підписав указ про нові заходи підтримки "
     "сімей з дітьми. Це рішення набуде чинності.",
     "uk"),
    ("Влада объявила, што новы закон пачне дзейнічаць з першага студзеня. Ўсе чакаюць рашэння.",
     "be"),
    ("Председателят на парламента заяви, че законът ще бъде приет до края на месеца. Това е важно.",
     "bg"),
    ("Председник владе је рекао да ће се нови закон "
     "примењивати од јануара. Ђаци и њихови родитељи.",
     "sr"),
    ("أعلنت الحكومة اليوم عن خطة جديدة لدعم الاقتصاد "
     "الوطني وتوفير فرص العمل للشباب في المدن.", "ar"),
    ("دولت امروز برنامه‌ای جدید برای حمایت از اقتصاد "
     "کشور و ایجاد شغل برای جوانان اعلام کرد.", "fa"),
    ("حکومت نے آج ملک کی معیشت کی مدد اور نوجوانوں کے لیے "
     "روزگار پیدا کرنے کا نیا منصوبہ پیش کیا ہے۔",
     "ur"),
    ("הממשלה הודיעה היום על תוכנית חדשה לתמיכה בכלכלה ויצירת מקומות עבודה לצעירים.", "he"),
    ("Η κυβέρνηση ανακοίνωσε σήμερα νέο σχέδιο για τη στήριξη της οικονομίας και των νέων.", "el"),
    ("รัฐบาลประกาศแผนใหม่วันนี้เพื่อสนับสนุนเศรษฐกิจและสร้างงานให้กับคนหนุ่มสาว", "th"),
    ("सरकार ने आज अर्थव्यवस्था को समर्थन देने और युवाओं के "
     "लिए रोजगार पैदा करने की नई योजना की घोषणा की।",
     "hi"),
    ("The government announced a new plan today to support the economy and to create jobs for "
     "young people in the cities, which was welcomed by the unions.", "en"),
    ("Die Regierung hat heute einen neuen Plan vorgestellt, der die Wirtschaft unterstützen und "
     "mehr Arbeitsplätze für junge Menschen in den Städten schaffen soll.", "de"),
    ("Le gouvernement a présenté aujourd'hui un nouveau plan pour soutenir l'économie et créer "
     "des emplois pour les jeunes dans les villes, qui sont les plus touchés.", "fr"),
    ("El gobierno presentó hoy un nuevo plan para apoyar la economía y crear empleo para los "
     "jóvenes de las ciudades, que son los más afectados por la crisis.", "es"),
    ("Il governo ha presentato oggi un nuovo piano per sostenere l'economia e creare lavoro per "
     "i giovani delle città, che sono i più colpiti dalla crisi.", "it"),
    ("O governo apresentou hoje um novo plano para apoiar a economia e criar empregos para os "
     "jovens das cidades, que são os mais afetados pela crise.", "pt"),
    ("De regering heeft vandaag een nieuw plan gepresenteerd om de economie te steunen en banen "
     "te scheppen voor jongeren in de steden, die het zwaarst zijn getroffen.", "nl"),
    ("Rząd przedstawił dziś nowy plan, który ma wspierać gospodarkę i tworzyć miejsca pracy dla "
     "młodych ludzi w miastach, które są najbardziej dotknięte kryzysem.", "pl"),
    ("Vláda dnes představila nový plán, který má podpořit ekonomiku a vytvořit pracovní místa "
     "pro mladé lidi ve městech, která jsou krizí zasažena nejvíce.", "cs"),
    ("Hükümet bugün ekonomiyi desteklemek ve şehirlerdeki gençler için daha fazla iş yaratmak "
     "için yeni bir plan açıkladı, bu plan çok önemli olarak görülüyor.", "tr"),
    ("Regeringen presenterade i dag en ny plan för att stödja ekonomin och skapa jobb för unga "
     "i städerna, som har drabbats hårdast av krisen och det är inte lätt.", "sv"),
    ("Hallitus esitteli tänään uuden suunnitelman, jonka on tarkoitus tukea taloutta ja luoda "
     "työpaikkoja nuorille, mutta se ei ole vielä valmis ja se on kallis.", "fi"),
    ("A kormány ma új tervet mutatott be, amely a gazdaságot támogatja és munkahelyeket teremt "
     "a fiatalok számára a városokban, de még nem is kész és sok kérdés van.", "hu"),
    ("Guvernul a prezentat astăzi un nou plan pentru a sprijini economia și a crea locuri de "
     "muncă pentru tinerii din orașe, care sunt cei mai afectați de criză.", "ro"),
    ("Pemerintah hari ini mengumumkan rencana baru untuk mendukung ekonomi dan menciptakan "
     "lapangan kerja bagi anak muda yang tinggal di kota dan juga di desa.", "id"),
    ("Chính phủ hôm nay công bố kế hoạch mới để hỗ trợ nền kinh tế và tạo việc làm cho những "
     "người trẻ tuổi ở các thành phố, nhưng nhiều người vẫn lo lắng.", "vi"),
])
def test_the_language_of_a_text_is_read_from_its_script_and_words(text: str,
                                                                   language: str) -> None:
    assert guess_language(text) == language


@pytest.mark.parametrize("text", [
    "", "12:30 — 2024-05-01 — 15 000 € — 99 %", "OK", "Apple iPhone Samsung Galaxy Pixel Nokia",
    "Lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor",
])
def test_no_language_when_no_language_wins_clearly(text: str) -> None:
    assert guess_language(text) is None


def test_the_detector_is_deterministic_and_reads_only_the_start() -> None:
    text = "Die Regierung hat heute einen neuen Plan vorgestellt, der die Wirtschaft stützt. "
    long = text * 200 + "The government announced a plan that is for the people. " * 20_000
    start = time.monotonic()
    assert [guess_language(long) for _ in range(3)] == ["de"] * 3
    assert time.monotonic() - start < 2


@pytest.mark.parametrize(("declared", "tag"), [
    ("en-gb", "en-GB"), ("ru_RU", "ru-RU"), (" DE ", "de"), ("zh-hant-tw", "zh-Hant-TW"),
    ("{{ lang }}", None), ("x-default", None), ("", None), ("english", None),
])
def test_declared_tags_are_normalised_or_refused(declared: str, tag: str | None) -> None:
    assert normalise_tag(declared) == tag


BODY = ("<p>" + "Президент подписал указ о новых мерах поддержки семей с детьми, "
        "и это решение вступит в силу уже в следующем месяце. " * 6 + "</p>")


def test_a_page_that_declares_no_language_gets_the_one_it_is_written_in() -> None:
    page = f"<html><head><title>Указ</title></head><body><article>{BODY}</article></body></html>"
    assert read_html_page("a.html", page.encode()).language == "ru"


def test_a_declared_language_is_kept_and_a_junk_declaration_is_replaced() -> None:
    page = "<html lang='{lang}'><head><title>T</title></head><body><article>{body}" \
           "</article></body></html>"
    declared = read_html_page("b.html", page.format(lang="ru_RU", body=BODY).encode())
    assert declared.language == "ru-RU"
    junk = read_html_page("c.html", page.format(lang="{{locale}}", body=BODY).encode())
    assert junk.language == "ru"
    og = page.replace("<title>", "<meta property='og:locale' content='uk_UA'><title>")
    assert read_html_page("d.html", og.format(lang="", body=BODY).encode()).language == "uk-UA"


def test_a_declaration_in_another_script_gives_way_to_the_text_with_a_warning() -> None:
    page = f"<html lang='en'><head><title>T</title></head><body><article>{BODY}</article>" \
           "</body></html>"
    captured = read_html_page("e.html", page.encode())
    assert captured.language == "ru"
    assert any("declares its language as 'en'" in w for w in captured.warnings)
    german = page.replace(BODY, "<p>" + "Die Regierung hat heute einen neuen Plan für die "
                          "Wirtschaft vorgestellt, der auch mehr Arbeit bringen soll. " * 5
                          + "</p>")
    same_script = read_html_page("f.html", german.encode())
    assert same_script.language == "en" and not same_script.warnings  # a guess is no proof
