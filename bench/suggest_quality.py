"""What `suggest` proposes on an archive it has never seen, and how long it
takes: figures, not a test.

    python bench/suggest_quality.py [N]      (default N = 300; the timing also at 10,000)

The archive is the repository's five seeds and registry plus N articles
written here from sentence patterns: people with their titles and later by
surname, places after di/ke/dari, organisations defined with their
acronyms, events, and the noise real pages carry (Rp and US$ amounts, WIB
times, pronouns, upper-case datelines, bylines, English possessives,
capitalised sentence openers). Every name the patterns can write is listed
below by hand, with what an editor would do with it; a proposal is judged
by that list: kept (a new name an editor would add, or another name of an
entry the registry has, proposed as its alias) or noise (anything else).
"""
from __future__ import annotations

import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from builder.annotate.matcher import Matcher  # noqa: E402
from builder.annotate.suggest import propose  # noqa: E402
from builder.content.archive import load_archive  # noqa: E402

PEOPLE = [("Presiden Uzbekistan", "Shavkat Mirziyoyev"), ("Perdana Menteri", "Alikhan Smailov"),
          ("Menteri Luar Negeri", "Murat Nurtleu"), ("juru bicara", "Lin Jian"),
          ("Presiden Azerbaijan", "Ilham Aliyev"), ("Gubernur", "Ridwan Kamil"), ("pelatih", "Shin Tae-yong"),
          ("Direktur Pelaksana", "Kristalina Georgieva"), ("Sekretaris Jenderal", "Antonio Guterres"),
          ("Menteri Perdagangan", "Zulkifli Hasan"), ("Duta Besar", "Lu Kang"), ("analis", "Temur Umarov"),
          ("Wakil Presiden", "Gibran Rakabuming Raka"), ("Menteri Energi", "Almassadam Satkaliyev")]
PLACES = ["Pekanbaru", "Almaty", "Shymkent", "Khorgos", "Bishkek", "Dushanbe", "Urumqi", "Aktau", "Karaganda",
          "Baku", "Surabaya", "Makassar", "Tashkent", "Kashgar"]
ORGANISATIONS = [("Badan Penanggulangan Bencana Daerah", "BPBD"), ("Dana Moneter Internasional", "IMF"),
                 ("Bank Pembangunan Asia", "ADB"), ("Uni Ekonomi Eurasia", "UEE"),
                 ("Asian Infrastructure Investment Bank", "AIIB"), ("Badan Pusat Statistik", "BPS"),
                 ("Kamar Dagang dan Industri Indonesia", "Kadin")]
EVENTS = ["KTT Iklim Baku", "Konferensi Energi Kaspia", "Expo Perdagangan Urumqi", "Pekan Budaya Nusantara",
          "Forum Investasi Khorgos"]
CONCEPTS = ["Belt and Road", "Jalur Sutra Digital", "Middle Corridor"]  # the first: part of a registry alias
# Other names of entries in content/entities.yaml: proposed as their aliases.
VARIANTS = {"Belt and Road": "inisiatif-sabuk-dan-jalan", "Nur Sultan": "astana", "Chinese": "tiongkok", "Russian": "rusia", "Uzbek": "uzbekistan",
            "Washington DC": "washington"}

PATTERNS_FIRST = [  # a person's first mention: title and full name
    "{title} {person} mengatakan kerja sama dengan {place} akan diperluas tahun ini.",
    "Dalam pertemuan di {place}, {title} {person} menyebut perdagangan naik tajam.",
    "Menurut {title} {person}, proyek di {place} selesai lebih cepat dari jadwal.",
]
PATTERNS = [
    "{surname} menambahkan bahwa investasi akan mengalir ke {place}.",
    "\"Kami siap bekerja sama,\" kata {surname} kepada wartawan.",
    "{org_name} ({org_acr}) mencatat pertumbuhan ekonomi kawasan mencapai lima persen.",
    "Laporan terbaru {org_acr} menunjukkan ekspor ke {place} meningkat.",
    "Para delegasi akan bertemu lagi dalam {event} bulan depan.",
    "Rencana itu dibahas pada {event} yang dihadiri pejabat dari {place}.",
    "Proyek {concept} disebut membuka jalur baru bagi pedagang di {place}.",
    "Nilai kontrak mencapai Rp 4,5 triliun atau sekitar US$ 290 juta.",
    "Rapat dimulai pukul 09.00 WIB dan berakhir menjelang sore.",
    "Anda dapat mengikuti siaran langsungnya di kanal resmi pemerintah.",
    "Namun pemerintah belum memutuskan jadwal pembangunan jalur kereta.",
    "Sementara itu, harga gandum di pasar regional turun tipis.",
    "Pemerintah setempat menyiapkan lahan seluas 300 hektare untuk kawasan industri.",
    "Xi's visit was followed by talks in {place}, and Beijing's position did not change.",
    "Kazakhstan's exports of grain to {place} rose by a fifth.",
    "Investor {variant_adj} disebut tertarik pada proyek energi di {place}.",
    "Kunjungan ke {variant_place} dijadwalkan setelah pertemuan di {place}.",
    "Kerja sama itu berjalan sejak kunjungan ke Washington DC tahun lalu.",
]
DATELINES = ["ALMATY, WARTA CONTOH -", "JAKARTA -", "ASTANA, KABAR KAWASAN -", "BAKU -", "TASHKENT, (Warta) -"]
BYLINES = ["Oleh Andi Pratama", "Reporter: Siti Rahmawati", "Penulis: Dewi Lestari"]


def zipf(rng: random.Random, items: list):
    weights = [1 / (rank + 1) for rank in range(len(items))]
    return rng.choices(items, weights)[0]


def article(rng: random.Random) -> str:
    title, person = zipf(rng, PEOPLE)
    sentences = [f"{rng.choice(DATELINES)} " + rng.choice(PATTERNS_FIRST).format(
        title=title, person=person, place=zipf(rng, PLACES))]
    for _ in range(rng.randint(6, 11)):
        org_name, org_acr = zipf(rng, ORGANISATIONS)
        sentences.append(rng.choice(PATTERNS).format(
            surname=person.split()[-1], place=zipf(rng, PLACES), org_name=org_name, org_acr=org_acr,
            event=zipf(rng, EVENTS), concept=zipf(rng, CONCEPTS),
            variant_adj=rng.choice(["Chinese", "Russian", "Uzbek"]), variant_place="Nur Sultan"))
    paragraphs = [" ".join(sentences[i:i + 3]) for i in range(0, len(sentences), 3)]
    return "\n\n".join(paragraphs + [rng.choice(BYLINES)]) + "\n"


def write(folder: Path, count: int) -> Path:
    content = folder / "content"
    (content / "articles").mkdir(parents=True)
    for name in ("entities.yaml", "abbreviations.yaml"):
        (content / name).write_text((ROOT / "content" / name).read_text(encoding="utf-8"), encoding="utf-8")
    for path in (ROOT / "content" / "articles").glob("*.md"):
        (content / "articles" / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    rng = random.Random(11)
    for n in range(count):
        (content / "articles" / f"gen-{n:05d}.md").write_text(
            f"---\ntitle: Berita {n}\ndate: 2024-01-{n % 28 + 1:02d}\n---\n\n{article(rng)}", encoding="utf-8")
    return content


def judged(proposal) -> str:
    keep = {p for _, p in PEOPLE} | set(PLACES) | {o for o, _ in ORGANISATIONS} | set(EVENTS) | set(CONCEPTS)
    if proposal.alias_of:
        return "kept" if VARIANTS.get(proposal.name) == proposal.alias_of else "noise"
    return "kept" if proposal.name in keep else "noise"


def main(count: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        content = write(Path(tmp) / "small", count)
        archive, _, _ = load_archive(content)
        found = propose(archive.articles, Matcher(archive.entities), archive.abbreviations)
        top = found[:30]
        print(f"top 30 of {len(found)} proposals on the seeds + {count} generated articles:")
        for rank, item in enumerate(top, 1):
            what = f"alias of {item.alias_of}" if item.alias_of else f"{item.type}"
            also = f" [{', '.join(item.aliases)}]" if item.aliases else ""
            print(f"{rank:>3}. {judged(item):<5}  {item.name:<38} {item.count:>5}  {what}{also}")
        kept = sum(judged(item) == "kept" for item in top)
        print(f"kept {kept} of {len(top)}")

        big = write(Path(tmp) / "big", 10_000)
        started = time.perf_counter()
        archive, _, _ = load_archive(big)
        loaded = time.perf_counter()
        found = propose(archive.articles, Matcher(archive.entities), archive.abbreviations)
        done = time.perf_counter()
        print(f"10,005 articles: loading {loaded - started:.1f} s, proposing {done - loaded:.1f} s "
              f"({len(found)} proposals)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 300)
