"""How much each of a process's memos keeps: one definition, so memory stays flat in a batch.

A batch worker builds hundreds of plans. Most of what they ask its memos for is shared (the
library's sentences, the characters of the text, the schedule's rules), but every branch brings a
few texts of its own (its secretary's name in a sentence, its owners in the calendar). A memo that
kept all of them would grow with the batch; these sizes are a few times what one plan asks for, so
a memo is full after a few dozen plans — what stays is what the plans share (least recently used
forgotten first), and a worker of a 1,000-plan batch needs no more memory than one of 200.
"""

CHARS = 8192  # per character: bounded by the characters there are (one plan uses ~1,500)
SEGMENTS = 2048  # measured runs of text (layout.width): one plan measures ~1,000
TEXTS = 1024  # paragraphs, cells, escaped and tidied texts, rendered templates: one plan ~100–250
ROWS = 512  # table rows, contents entries, numbered items: one plan ~20–110
RULES = 256  # schedule rules placed: one plan has ~40
BLOCKS = 128  # composed blocks: one plan has ~20–40
SHAPES = 4096  # block shapes numbered (compose): one template's plans share a few dozen
TREES = 64  # templates whose placed tree is kept (compose): a batch has one
VALUES = 256  # context values frozen once per object (render): one plan has a dozen
