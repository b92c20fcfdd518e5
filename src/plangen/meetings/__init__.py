"""The papers of a branch's meetings (issue 28): which events of the calendar are meetings and which
papers each gets (:mod:`.calendar`), and the members whose names they carry (:mod:`.members`).

The notices, sign-in sheets, records and agendas themselves, and ``plangen meetings``, come next.
"""
