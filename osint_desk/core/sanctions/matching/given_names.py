"""Known forms of given names (Bill / William, Juan / John, Sasha / Aleksandr) and the name
affixes many names share (a patronymic, "-dottir", "-ullah", "-uddin", "Abdul-"), which are no
evidence that two names agree: "Jonsdottir" / "Tomasdottir" differ as "jons" / "tomas" do.
"""

from __future__ import annotations

from functools import lru_cache

# Given names that stand for each other: English hypocorisms, Russian diminutives and the
# same name across languages. One group a line; a name may sit in several groups.
_GIVEN_NAME_GROUPS = """
william bill billy will willy willie liam wilhelm guillaume guillermo guglielmo vilhelm
robert bob bobby rob robbie bert roberto
richard rick ricky dick rich richie ricardo riccardo
edward ed eddie ted teddy ned eduardo edouard
theodore ted teddy theo fyodor fedor feodor
james jim jimmy jamie diego jaime giacomo jacques
john johnny jack juan jean johann johannes jan hans giovanni ivan ioannis sean ian evan joao
joseph joe joey jose giuseppe josef jozef iosif osip
michael mike mikey mick michel miguel michele mikhail misha michal mikael
thomas tom tommy tomas tommaso foma
charles charlie chuck carlos carl karl carlo karol
henry harry hank henri enrique heinrich enrico
elizabeth liz lizzie beth betty betsy eliza elisabeth isabel elzbieta yelizaveta
margaret maggie meg peggy marge margarita marguerite
katherine catherine kate katie kathy cathy katya katerina yekaterina ekaterina catalina
alexander alex alec sasha aleksandr alexandre alejandro alessandro sandy alexandr oleksandr
alexandra alexa sasha aleksandra alejandra alessandra sandra
nicholas nick nicky nicolas nikolai nikolay nicola niccolo mykola kolya klaus
peter pete pierre pedro pietro pyotr petr piotr petro petya
paul pablo paolo pavel pasha pawel paulo
stephen steven steve stefan esteban stefano stepan stephane
andrew andy drew andrei andrey andre andres andrea andrzej andriy
anthony tony antonio anton antoine antoni
benjamin ben benny benji bibi binyamin
daniel dan danny danilo daniil
david dave davy davide davit
samuel sam sammy
matthew matt matthias mateo matteo matvei mateusz
christopher chris cristobal christophe
gregory greg grigory grisha gregorio gregoire grzegorz
dmitry dmitri dmitriy dima
vladimir vova volodya volodymyr wladimir wlodzimierz
sergey sergei serge sergio seryozha serhiy
yevgeny evgeny evgeni eugene zhenya eugenio eugen
mikhail misha
konstantin kostya constantine costa
anatoly tolya
vyacheslav slava
boris borya
yuri yury yuriy
george georgy georgiy jorge giorgio georg jerzy georges
ivan vanya
alexei alexey aleksei aleksey alyosha lyosha
natalia natalya natasha natalie
maria mary marie mariya masha miriam mariam
anna ann anne anya annie hanna hannah
olga olya
tatiana tatyana tanya
svetlana sveta
yulia julia julie yuliya giulia
elena helen helena yelena lena ellen
irina
susan sue susie suzanne susanna
patricia pat patty tricia
patrick pat paddy patricio
jennifer jenny jen
rebecca becky
deborah debbie deb
barbara barb babs
dorothy dottie
abraham abe avraham ibrahim
isaac ike yitzhak ishak
jacob jake yaakov yakov jakob yakub
moses moshe musa
solomon sulayman suleiman shlomo
joshua josh
mohammed muhammad mohammad mohamed mohamad mohd muhammed
ahmed ahmad
hussein husayn hussain hosein
abdullah abdallah
yusuf youssef joseph yosef
"""


@lru_cache(maxsize=1)
def _given_name_index() -> dict[str, frozenset[int]]:
    index: dict[str, set[int]] = {}
    for k, line in enumerate(_GIVEN_NAME_GROUPS.strip().splitlines()):
        for name in line.split():
            index.setdefault(name, set()).add(k)
    return {name: frozenset(groups) for name, groups in index.items()}


def same_given_name(a: str, b: str) -> bool:
    """Whether two different given names are known forms of each other (Bill / William)."""
    index = _given_name_index()
    ga = index.get(a)
    if ga is None:
        return False
    gb = index.get(b)
    return gb is not None and not ga.isdisjoint(gb)


# Endings and openings that many names share (a patronymic, "-ullah", "-uddin", "Abdul-"),
# each group one affix in its spellings: two parts sharing one differ by what is left.
_SUFFIX_GROUPS = (
    ("dottir", "dotir", "dattir"), ("ullah", "ulla", "ulah", "allah", "ollah", "olla"),
    ("uddin", "udin", "uddeen", "udeen", "eddin", "eddine", "edin", "oddin", "odin", "addin",
     "aldin", "uldin", "ud din"),
    ("shvili", "svili"), ("ovich", "evich", "ovic", "evic", "ovych", "evych", "owicz", "ewicz"),
    ("ovna", "evna", "ivna"), ("zadeh", "zada", "zade"),
)
_PREFIX_GROUP = ("abdul", "abdur", "abdel", "abdal", "abdol", "abdu", "abd")


@lru_cache(maxsize=1)
def _suffix_table() -> tuple[tuple[str, int], ...]:
    return tuple(sorted(((suffix, k) for k, group in enumerate(_SUFFIX_GROUPS)
                         for suffix in group), key=lambda x: -len(x[0])))


def _suffix(token: str) -> tuple[str, int] | None:
    for suffix, group in _suffix_table():
        if token.endswith(suffix) and len(token) - len(suffix) >= 2:
            return token[:-len(suffix)], group
    return None


def shared_affix(a: str, b: str) -> tuple[str, str] | None:
    """The stems of two different parts that share an affix of the groups above, else None:
    ("jons", "tomas") for "jonsdottir" / "tomasdottir", ("rahim", "rahman") for
    "abdurrahim" / "abdurrahman"."""
    sa, sb = _suffix(a), _suffix(b)
    if sa is not None and sb is not None and sa[1] == sb[1] and sa[0] != sb[0]:
        return sa[0], sb[0]
    pa = next((p for p in _PREFIX_GROUP if a.startswith(p) and len(a) - len(p) >= 3), None)
    pb = next((p for p in _PREFIX_GROUP if b.startswith(p) and len(b) - len(p) >= 3), None)
    if pa is not None and pb is not None:
        ra, rb = a[len(pa):].lstrip("r"), b[len(pb):].lstrip("r")
        if ra != rb and len(ra) >= 3 and len(rb) >= 3:
            return ra, rb
    return None
