"""State-controlled news outlets the rating data sets do not tag as such.

Only OpenSources marks state media, and only one site. This list adds outlets that a state owns
or directly controls editorially, each named as state media in public designations that agree:
the US State Department's 2020 designations of Chinese state media as foreign missions (Xinhua,
CGTN/CCTV, China Daily, People's Daily, China Radio International, Global Times), the EU's 2022
broadcasting bans and sanctions on Russian state media (RT, Sputnik, RIA Novosti, Rossiya
Segodnya) and the agencies' own statutes (TASS: federal state unitary enterprise; IRNA, KCNA,
Prensa Latina, teleSUR, Anadolu, Press TV). It marks ownership, not quality: the rating comes from
the data sets, and a state outlet can be rated on its record like any other.
"""
from __future__ import annotations

STATE_MEDIA_PROVENANCE = (
    "curated by the project from public designations: US State Department foreign-mission designations of "
    "Chinese state media (2020), EU sanctions and broadcasting bans on Russian state media (2022), and the "
    "outlets' own statutes of state ownership; see training/ratings/state_media.py")

STATE_MEDIA = frozenset({
    # Russia
    "tass.com", "tass.ru", "rt.com", "sputniknews.com", "ria.ru", "rg.ru", "1tv.ru", "vesti.ru", "rtd.rt.com",
    # China
    "xinhuanet.com", "news.cn", "cgtn.com", "cctv.com", "chinadaily.com.cn", "globaltimes.cn", "people.com.cn",
    "cri.cn",
    # Iran, North Korea, Cuba, Venezuela, Turkey, Syria
    "presstv.ir", "presstv.com", "irna.ir", "kcna.kp", "prensa-latina.cu", "granma.cu", "telesurtv.net",
    "aa.com.tr", "trtworld.com", "sana.sy",
})
