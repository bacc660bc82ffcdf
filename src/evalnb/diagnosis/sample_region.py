"""A province of many vocational schools for ``evalnb sample --scale N``.

The thirty designed schools of the sample come first; the others copy the
profile of one of them (its failed indicators of the establishment standard,
planned closure, remote area, an enrollment near its size) and sit in any of
Guangxi's fourteen prefecture-level cities, with names made of the city's
districts and counties, unique in the province. The exact boundary cases of
the sample (``b``: enrollment exactly 1,200, ``t``: ratio exactly 20) stay
with the sample's own schools.
"""

from __future__ import annotations

import numpy as np

__all__ = ["CITIES", "INDUSTRY", "region_profiles", "school_ids"]

#: the sample's seven cities first (their order is the index of ``_SCHOOLS``), then the other seven
CITIES = ("南宁市", "柳州市", "桂林市", "梧州市", "玉林市", "百色市", "河池市",
          "北海市", "防城港市", "钦州市", "贵港市", "贺州市", "来宾市", "崇左市")
INDUSTRY = {
    "南宁市": "现代服务业和电子信息", "柳州市": "汽车和机械制造", "桂林市": "旅游和文化",
    "梧州市": "再生资源和陶瓷", "玉林市": "机械和中药材", "百色市": "铝业和现代农业",
    "河池市": "有色金属和特色农业", "北海市": "海洋经济和电子信息", "防城港市": "港口物流和钢铁",
    "钦州市": "石化和港口物流", "贵港市": "新能源汽车和建材", "贺州市": "碳酸钙和生态旅游",
    "来宾市": "制糖和电力", "崇左市": "蔗糖和边境贸易",
}
# districts (区, named after their city) and counties of each city
_PLACES = {
    "南宁市": "兴宁区 青秀区 江南区 西乡塘区 良庆区 邕宁区 武鸣区 隆安县 马山县 上林县 宾阳县 横州市",
    "柳州市": "城中区 鱼峰区 柳南区 柳北区 柳江区 柳城县 鹿寨县 融安县 融水苗族自治县 三江侗族自治县",
    "桂林市": "秀峰区 叠彩区 象山区 七星区 雁山区 临桂区 阳朔县 灵川县 全州县 兴安县 永福县 灌阳县 "
              "龙胜各族自治县 资源县 平乐县 荔浦市 恭城瑶族自治县",
    "梧州市": "万秀区 长洲区 龙圩区 苍梧县 藤县 蒙山县 岑溪市",
    "玉林市": "玉州区 福绵区 容县 陆川县 博白县 兴业县 北流市",
    "百色市": "右江区 田阳区 田东县 德保县 那坡县 凌云县 乐业县 田林县 西林县 隆林各族自治县 靖西市 平果市",
    "河池市": "金城江区 宜州区 南丹县 天峨县 凤山县 东兰县 罗城仫佬族自治县 环江毛南族自治县 "
              "巴马瑶族自治县 都安瑶族自治县 大化瑶族自治县",
    "北海市": "海城区 银海区 铁山港区 合浦县",
    "防城港市": "港口区 防城区 上思县 东兴市",
    "钦州市": "钦南区 钦北区 灵山县 浦北县",
    "贵港市": "港北区 港南区 覃塘区 平南县 桂平市",
    "贺州市": "八步区 平桂区 昭平县 钟山县 富川瑶族自治县",
    "来宾市": "兴宾区 忻城县 象州县 武宣县 金秀瑶族自治县 合山市",
    "崇左市": "江州区 扶绥县 宁明县 龙州县 大新县 天等县 凭祥市",
}
_TRADES = ("商贸", "卫生", "交通", "机电", "旅游", "财经", "艺术", "农业", "建筑", "信息技术", "工业",
           "幼儿师范")
_DIGITS = "零一二三四五六七八九"


def _numeral(k: int) -> str:
    """Chinese numeral of 1 ≤ k < 1000 (一, 十二, 二十, 一百零五)."""
    h, t, u = k // 100, k // 10 % 10, k % 10
    out = f"{_DIGITS[h]}百" if h else ""
    if t:
        out += ("" if t == 1 and not h else _DIGITS[t]) + "十"
    elif h and u:
        out += "零"
    return out + (_DIGITS[u] if u else "")


def _prefixes(city: str) -> list[str]:
    return [city + p if p.endswith("区") else p for p in _PLACES[city].split()]


def _names(rng: np.random.Generator, city: str, taken: set):
    """Names of new schools in ``city``, in a drawn order, none of ``taken`` (which grows)."""
    prefixes = _prefixes(city)
    base = [city + t + "职业中等专业学校" for t in _TRADES]
    for p in prefixes:
        base += [p + "职业技术学校", p + "职业教育中心"] + [p + t + "职业技术学校" for t in _TRADES]
    order = rng.permutation(len(base))
    candidates = [base[i] for i in order]
    k = 1
    while True:
        for name in candidates:
            if name not in taken:
                taken.add(name)
                yield name
        k += 1  # the base names are used up: numbered schools of every place
        candidates = [p + f"第{_numeral(k)}职业技术学校" for p in [city] + prefixes]


def school_ids(n: int) -> list[str]:
    """``CN001`` … (four digits and more when the province has 1,000 schools or more)."""
    width = max(3, len(str(n)))
    return [f"CN{i + 1:0{width}d}" for i in range(n)]


def region_profiles(rng: np.random.Generator, fixed: tuple, n: int) -> tuple[list, list[int]]:
    """Profiles of ``n`` schools: ``fixed`` first, then copies of them; and each one's template.

    Parameters
    ----------
    rng : numpy.random.Generator
        Source of the new schools' draws.
    fixed : tuple of (name, city index, enrollment, failed indicators, flags)
        The sample's designed schools (city index into :data:`CITIES`).
    n : int
        Number of schools (at least ``len(fixed)``).

    Returns
    -------
    (list, list of int)
        The profiles in the form of ``fixed``, and the row of ``fixed`` each copies.
    """
    if n < len(fixed):
        raise ValueError(f"a province has at least the sample's {len(fixed)} vocational schools")
    m = n - len(fixed)
    templates = rng.integers(0, len(fixed), m)
    # cities with more districts and counties have more schools
    weight = np.array([len(_PLACES[c].split()) + 2 for c in CITIES], dtype=float)
    city = rng.choice(len(CITIES), m, p=weight / weight.sum())
    size = rng.uniform(0.85, 1.15, m)
    taken = {f[0] for f in fixed}
    names = {c: _names(rng, CITIES[c], taken) for c in range(len(CITIES))}
    profiles = list(fixed)
    for t, c, s in zip(templates.tolist(), city.tolist(), size.tolist()):
        _, _, enr, fails, flags = fixed[t]
        flags = flags.replace("b", "").replace("t", "")
        profiles.append((next(names[c]), c, int(round(enr * s, -1)), fails, flags))
    return profiles, list(range(len(fixed))) + templates.tolist()
