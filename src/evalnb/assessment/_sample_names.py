"""Russian names for the sample district's students (invented combinations of common names)."""

from __future__ import annotations

import numpy as np
import pandas as pd

# surname stems: the feminine form adds «а» (Иванов → Иванова), except the few listed whole
_SURNAMES = (
    "Иванов", "Смирнов", "Кузнецов", "Попов", "Васильев", "Петров", "Соколов", "Михайлов",
    "Новиков", "Фёдоров", "Морозов", "Волков", "Алексеев", "Лебедев", "Семёнов", "Егоров",
    "Павлов", "Козлов", "Степанов", "Николаев", "Орлов", "Андреев", "Макаров", "Никитин",
    "Захаров", "Зайцев", "Соловьёв", "Борисов", "Яковлев", "Григорьев", "Романов", "Воробьёв",
    "Сергеев", "Кузьмин", "Фролов", "Александров", "Дмитриев", "Королёв", "Гусев", "Киселёв",
    "Ильин", "Максимов", "Поляков", "Сорокин", "Виноградов", "Ковалёв", "Белов", "Медведев",
    "Антонов", "Тарасов", "Жуков", "Баранов", "Филиппов", "Комаров", "Давыдов", "Беляев",
    "Герасимов", "Богданов", "Осипов", "Сидоров", "Матвеев", "Титов", "Марков", "Миронов",
    "Крылов", "Куликов", "Карпов", "Власов", "Мельников", "Денисов", "Гаврилов", "Тихонов",
)
_FIRST_M = ("Александр", "Максим", "Иван", "Артём", "Дмитрий", "Никита", "Михаил", "Даниил",
            "Егор", "Андрей", "Кирилл", "Илья", "Матвей", "Алексей", "Роман", "Сергей",
            "Владимир", "Тимофей", "Ярослав", "Павел", "Глеб", "Фёдор", "Степан", "Лев")
_FIRST_F = ("Анастасия", "Мария", "Анна", "Виктория", "Екатерина", "Дарья", "Полина",
            "Алина", "Софья", "Елизавета", "Ксения", "Варвара", "Александра", "Вероника",
            "Арина", "Валерия", "Ольга", "Татьяна", "Юлия", "Милана", "Ева", "Кира", "Ульяна")
# fathers' names → patronymic stems (…ович / …овна, …евич / …евна)
_PATRONYMIC = (("Александров", "ич", "на"), ("Сергеев", "ич", "на"), ("Андреев", "ич", "на"),
               ("Дмитриев", "ич", "на"), ("Алексеев", "ич", "на"), ("Владимиров", "ич", "на"),
               ("Игорев", "ич", "на"), ("Николаев", "ич", "на"), ("Михайлов", "ич", "на"),
               ("Евгеньев", "ич", "на"), ("Олегов", "ич", "на"), ("Викторов", "ич", "на"),
               ("Павлов", "ич", "на"), ("Юрьев", "ич", "на"), ("Романов", "ич", "на"),
               ("Иванов", "ич", "на"), ("Максимов", "ич", "на"), ("Денисов", "ич", "на"))


def russian_names(rng: np.random.Generator, gender: pd.Series) -> pd.DataFrame:
    """``last_name``, ``first_name``, ``middle_name`` for students of the given genders (m/f)."""
    n = len(gender)
    female = (gender.to_numpy() == "f")
    stem = np.asarray(_SURNAMES, dtype=object)[rng.integers(0, len(_SURNAMES), n)]
    last = np.where(female, stem + "а", stem)
    first = np.where(female, np.asarray(_FIRST_F, dtype=object)[rng.integers(0, len(_FIRST_F), n)],
                     np.asarray(_FIRST_M, dtype=object)[rng.integers(0, len(_FIRST_M), n)])
    k = rng.integers(0, len(_PATRONYMIC), n)
    stems = np.asarray([p[0] for p in _PATRONYMIC], dtype=object)[k]
    middle = np.where(female, stems + "на", stems + "ич")
    return pd.DataFrame({"last_name": last.astype(object), "first_name": first.astype(object),
                         "middle_name": middle.astype(object)}, index=gender.index)
