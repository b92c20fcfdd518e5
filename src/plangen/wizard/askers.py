"""Three ways to answer the wizard: a person at a terminal (questionary, which runs in Windows
Terminal and the classic console alike), a script (tests), and the defaults (``--defaults``).

Ctrl-C (or Ctrl-D, end of input) at any question raises KeyboardInterrupt: the CLI prints one line
and exits 130, and nothing has been written. “← 上一题” (or ``<`` in a text answer) goes back one question.
"""

from __future__ import annotations

import contextlib
import errno
from collections.abc import Callable, Iterable, Iterator
from typing import IO, TYPE_CHECKING, Any

from ..errors import own_message
from .flow import MissingAnswer
from .questions import BACK, Question

if TYPE_CHECKING:
    import questionary
    from prompt_toolkit.input import Input
    from prompt_toolkit.output import Output

BACK_TITLE = "← 上一题"
NO_TERMINAL = (
    "没有可以提问的终端，向导无法继续。"
    "请加 --defaults（全部用默认值），或用 --data-file answers.yaml、--data 键=值 给出答案。"
)


class DefaultsAsker:
    """``--defaults``: every question takes its default; a question without one is an error."""

    def ask(self, question: Question, step: int, total: int) -> Any:
        if question.decides:  # the sector decides the whole plan: a hospital's for an 档案馆 is no default
            options = "、".join(f"{choice.value}（{choice.title}）" for choice in question.choices)
            raise MissingAnswer(
                f"用 --defaults 生成时须指明{question.label}（{question.key}）",
                hint=f"加 --data {question.key}=…，可选：{options}；或用 --from 以去年的计划文件为底。",
            )
        if question.default in (None, "") and not question.optional:
            label = question.label.split("（")[0].split("，")[0]
            raise MissingAnswer(
                f"缺少{label}（{question.key}）：这一项没有默认值",
                hint=f"用 --data {question.key}=… 给出，或写在 --data-file 的答案文件中。",
            )
        return question.accept(question.default if question.default is not None else "")

    def show(self, text: str) -> None:
        pass


class NoTerminalAsker:
    """Standard input is not a terminal and an answer is missing: stop at once, never hang."""

    def ask(self, question: Question, step: int, total: int) -> Any:
        raise MissingAnswer(NO_TERMINAL, hint=f"缺少的第一项：{question.key}（{question.label}）")

    def show(self, text: str) -> None:
        pass


class ScriptedAsker:
    """Answers from a list, in order (tests): a value, BACK, or ``None`` for the default."""

    def __init__(self, answers: Iterable[Any]) -> None:
        self.answers = list(answers)
        self.asked: list[str] = []
        self.labels: list[str] = []  # as a person would read them
        self.shown: list[str] = []

    def ask(self, question: Question, step: int, total: int) -> Any:
        self.asked.append(question.key)
        self.labels.append(question.label)
        if not self.answers:
            raise MissingAnswer(f"脚本没有回答“{question.label}”（{question.key}）")
        answer = self.answers.pop(0)
        if answer is BACK:
            return BACK
        return question.accept(question.default if answer is None else answer)

    def show(self, text: str) -> None:
        self.shown.append(text)


class QuestionaryAsker:
    """A person at a terminal. *input*/*output* are prompt_toolkit objects (pipe input in tests)."""

    def __init__(
        self, input: Input | None = None, output: Output | None = None, out: IO[str] | None = None
    ) -> None:
        self.io: dict[str, Any] = {
            key: value for key, value in (("input", input), ("output", output)) if value is not None
        }
        self.out = out

    def ask(self, question: Question, step: int, total: int) -> Any:
        import questionary

        message = f"（第 {step} 题）{question.label}"  # how many follow depends on the answers
        instruction = question.help or None
        kind = question.kind
        if kind in ("select", "bool"):
            choices = (
                [questionary.Choice("是", True), questionary.Choice("否", False)]
                if kind == "bool"
                else [questionary.Choice(c.title, c.value) for c in question.choices]
            )
            if question.back:
                choices.append(questionary.Choice(BACK_TITLE, BACK))
            default = next((c for c in choices if c.value == question.default), None)
            answer = _ask(
                questionary.select(
                    message,
                    choices=choices,
                    default=default,
                    instruction=instruction or "（方向键选择，回车确认）",
                    **self.io,
                )
            )
            return answer if answer is BACK else question.accept(answer)
        if kind == "checkbox":
            chosen = question.default or []
            choices = [
                questionary.Choice(c.title, c.value, checked=c.value in chosen) for c in question.choices
            ]
            choices.append(questionary.Choice(BACK_TITLE, BACK))
            with _chinese_answer_line():
                prompt = questionary.checkbox(
                    message,
                    choices=choices,
                    validate=_validator(question, lambda values: BACK in values),
                    instruction=instruction or "（方向键移动，空格选中或取消，回车确认）",
                    **self.io,
                )
            answer = _ask(prompt)
            return BACK if BACK in answer else question.accept(answer)

        default = "" if question.default is None else str(question.default)
        hint = f"{instruction}；" if instruction else ""
        answer = _ask(
            questionary.text(
                message,
                default=default,
                validate=_validator(question, lambda text: text.strip() == "<"),
                instruction=f"（{hint}输入 < 返回上一题）",
                **self.io,
            )
        )
        return BACK if answer.strip() == "<" else question.accept(answer)

    def show(self, text: str) -> None:
        if self.out is not None:
            self.out.write(text + "\n")
            self.out.flush()


@contextlib.contextmanager
def _chinese_answer_line() -> Iterator[None]:
    """questionary's checkbox, once answered, says “done (11 selections)”: said “已选 11 项”
    instead. Its layout is made when the prompt is: the maker is wrapped meanwhile (where this
    questionary has it; if not, the English line is all that differs)."""
    from questionary.prompts import common

    original = getattr(common, "create_inquirer_layout", None)
    if original is None:
        yield
        return

    def layout(ic: Any, get_prompt_tokens: Callable[[], list[tuple[str, str]]], **kwargs: Any) -> Any:
        def tokens() -> list[tuple[str, str]]:
            shown = get_prompt_tokens()
            count = len(getattr(ic, "selected_options", ()))
            if getattr(ic, "is_answered", False) and count != 1:  # one is shown by its own title
                said = f"已选 {count} 项" if count else "未选"
                shown = [token for token in shown if token[0] != "class:answer"] + [("class:answer", said)]
            return shown

        return original(ic, tokens, **kwargs)

    common.create_inquirer_layout = layout
    try:
        yield
    finally:
        common.create_inquirer_layout = original


def _ask(prompt: questionary.Question) -> Any:
    """The prompt's answer. Ctrl-D on an empty line, or a terminal that goes away (end of input),
    is the person leaving: the same as Ctrl-C — one line, exit 130, nothing written."""
    try:
        return prompt.unsafe_ask()
    except EOFError:
        raise KeyboardInterrupt from None
    except OSError as exc:  # EIO: the terminal closed under us (a window shut, an SSH link lost)
        if exc.errno != errno.EIO:
            raise
        from ..environment import silence_stdout

        silence_stdout()  # else the interpreter's last flush fails on the lost terminal (exit 120)
        raise KeyboardInterrupt from None


def _validator(question: Question, passes: Callable[[Any], bool]) -> Callable[[Any], bool | str]:
    """questionary's validate: True, or the question's own reason (in Chinese) for refusing.
    *passes* lets through what is not an answer: “back”."""

    def validate(value: Any) -> bool | str:
        if passes(value):
            return True
        try:
            question.accept(value)
        except ValueError as exc:
            return own_message(exc, "输入无效")
        return True

    return validate
