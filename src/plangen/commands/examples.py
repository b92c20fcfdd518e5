"""``plangen examples``: the example plan files and roster, copied where the user works, so the
README's commands (``plangen build examples/hospital-branch.yaml``) run from an installed plangen."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .report import Report

if TYPE_CHECKING:
    from ..environment import Env


@dataclass
class Options:
    out_dir: Path = Path("examples")
    force: bool = False


def run(env: Env, options: Options) -> Report:
    from ..errors import PlanError, os_reason
    from ..library import examples_root
    from ..output import write_all

    report = Report(env)
    folder = env.path(options.out_dir)
    if folder.exists() and not folder.is_dir():
        raise PlanError(
            "输出位置已有同名文件，不是文件夹", folder, hint="换一个文件夹名，如 plangen examples 示例。"
        )
    sources = sorted(path for path in examples_root().iterdir() if path.is_file())
    files, same = [], 0
    for source in sources:
        data = source.read_bytes()
        target = folder / source.name
        try:
            if target.is_file() and target.read_bytes() == data:  # copied before: nothing to do
                same += 1
                continue
        except OSError as exc:
            raise PlanError(f"无法读取已有的文件：{os_reason(exc)}", target) from None
        files.append((target, data))
    changed = [target for target, _ in files if target.exists()]
    if changed and not options.force:  # nothing replaced without --force
        names = "、".join(target.name for target in changed[:5]) + (" 等" if len(changed) > 5 else "")
        raise PlanError(
            f"文件夹中已有 {len(changed)} 个同名而内容不同的文件：{names}",
            folder,
            hint="加 --force 用示例覆盖它们，或换一个文件夹，如 plangen examples 示例。",
        )
    if files:
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise PlanError(f"无法创建文件夹：{os_reason(exc, writing=True)}", folder) from None
        write_all(files, options.force)
    specs = [path.name for path in sources if path.suffix == ".yaml"]
    report.say(f"已复制 {len(files)} 个示例文件到 {report.shown(folder)}" + (f"（{same} 个已有且相同）" if same else "")
               + f"：{len(specs)} 个计划文件（每个内置模板一个）、名册 roster.csv 和党员名单 members.csv。")  # fmt: skip
    example = _quoted(report.shown(folder / "hospital-branch.yaml"))
    report.say(f"试一试：plangen build {example} -o out")
    return report


def _quoted(path: str) -> str:
    """*path* as it is typed in this system's shell (a space in a folder's name)."""
    import os

    if os.name == "nt":
        import subprocess

        return subprocess.list2cmdline([path])
    import shlex

    return shlex.quote(path)
