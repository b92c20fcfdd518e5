"""``plangen diff`` on large plans (budget: two plans at the readers' limits, 8 MB and 30,000 lines,
compared in seconds; time about linear in their size), no assertions.

Text plans, last year's and this year's, in the shapes that made the comparison quadratic before
it was bounded: one section of N sentences each changed; N numbered items each renamed and changed;
30,000 lines of 300 sections (8 MB). For each: reading both (:func:`plangen.compare.read_plan`) and
comparing (:func:`plangen.compare.compare`), best of ``--rounds``, printed with the ratio of the
compare time to the smallest size's (linear: about the ratio of sizes; quadratic: its square).

Run: ``python benchmarks/diff_large.py [--rounds 1] [--sizes 1500,4500,13500]``.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

CN = "一二三四五六七八九十"
WORDS = ["组织党员集中学习党的创新理论", "召开支部委员会会议研究重要事项", "开展主题党日活动并到社区服务",
         "落实三会一课制度做好会议记录", "加强党风廉政建设开展警示教育", "做好发展党员工作培养积极分子"]  # fmt: skip


def sentence(i: int, new: bool) -> str:
    return f"第{i}项{WORDS[i % len(WORDS)]}{'，按月检查' if new else ''}，{2028 if new else 2027}年完成{i}。"


def title(new: bool) -> str:
    return f"{2028 if new else 2027}年内科第一党支部工作计划"


def one_section(count: int, new: bool) -> list[str]:
    return [title(new), "一、主要工作", *(sentence(i, new) for i in range(count))]


def items(count: int, new: bool) -> list[str]:
    out = [title(new)]
    for i in range(count):
        if i % 40 == 0:
            out.append(f"{CN[i // 40 % 10]}、主要任务{i}")
        out.append(f"{i % 40 + 1}.{WORDS[i % 6]}{'并抓好落实' if new else ''}{i}。{sentence(i, new)}")
    return out


def at_limit(count: int, new: bool) -> list[str]:
    """*count* lines of 300 sections (30,000: about 8 MB), every line's first sentence changed."""
    out, i = [title(new)], 0
    while len(out) < count:
        if len(out) % 100 == 1:
            out.append(f"{CN[len(out) // 100 % 10]}、主要任务{len(out)}")
        else:
            out.append("".join(sentence(i + k, new and k == 0) for k in range(3)) + "做好" * 3 + "。")
            i += 3
    return out


def timed(make, size: int, folder: Path, rounds: int) -> tuple[float, float, int]:
    from plangen.compare import compare, read_plan

    paths = []
    for new in (False, True):
        path = folder / f"{make.__name__}-{size}-{int(new)}.txt"
        path.write_text("\n".join(make(size, new)) + "\n", encoding="utf-8")
        paths.append(path)
    reads, compares = [], []
    for _ in range(rounds):
        started = time.perf_counter()
        old, new = (read_plan(path, path.name, None, None, None) for path in paths)  # type: ignore[arg-type]
        reads.append(time.perf_counter() - started)
        started = time.perf_counter()
        compare(old, new)
        compares.append(time.perf_counter() - started)
    return min(reads), min(compares), paths[1].stat().st_size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--sizes", default="1500,4500,13500")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    with tempfile.TemporaryDirectory() as folder:
        for make in (one_section, items):
            first = None
            for size in sizes:
                read, took, size_bytes = timed(make, size, Path(folder), args.rounds)
                first = first or took
                print(f"{make.__name__:12} {size:>6} ({size_bytes / 1e6:.1f} MB): read {read:.2f} s, "
                      f"compare {took:.2f} s, ratio {took / first:.1f} (sizes ×{size / sizes[0]:.0f})")  # fmt: skip
        read, took, size_bytes = timed(at_limit, 30_000, Path(folder), args.rounds)
        print(
            f"{'at_limit':12} {30_000:>6} ({size_bytes / 1e6:.1f} MB): read {read:.2f} s, compare {took:.2f} s"
        )


if __name__ == "__main__":
    main()
