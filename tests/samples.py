"""Sample files shared by the club-content tests of the core, Discord and the console."""

# An import file with one good entry and one of a kind that does not exist: importing
# it must change nothing, and the error must name the bad entry's line (9).
BROKEN_IMPORT = """\
entries:
  - id: fine-one
    theme: doubt
    kind: mantra
    title: Fine
    body: One more step.
  - id: bad-kind
    theme: doubt
    kind: limerick
    title: Bad
    body: There once was a runner.
"""
