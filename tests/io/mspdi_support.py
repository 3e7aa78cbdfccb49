"""MS Project XML files written to Microsoft's published MSPDI schema (mspdi_pj12.xsd), for tests.

The elements are the schema's: Project, Tasks/Task (UID, ID, Name, WBS, OutlineLevel, Summary,
Milestone, Duration, RemainingDuration, PercentComplete, PredecessorLink with PredecessorUID
and Type, ExtendedAttribute), Resources/Resource (UID, Name, Type, MaxUnits, StandardRate),
Assignments/Assignment (UID, TaskUID, ResourceUID, Units, Work), ExtendedAttributes and
Calendars at the project's level. TASKS, RESOURCES and ASSIGNMENTS are one file, worked out
by hand in test_mspdi.py.
"""

from __future__ import annotations

NUMBER1 = "188743767"  # the FieldID of the custom field Number1


def element(name: str, value) -> str:
    return "" if value is None else f"<{name}>{value}</{name}>"


def task(uid, name, level, *, summary=0, milestone=0, duration=None, wbs=None, done=0, remaining=None, links=(), **more):
    """A Task, its elements in the schema's order (Active, of Project 2010 on, last)."""
    before = [element(k, more.get(k)) for k in ("ConstraintType", "ConstraintDate", "Deadline")]
    fields = [
        element("UID", uid),
        element("ID", uid),
        element("Name", name),
        element("WBS", wbs),
        element("OutlineLevel", level),
        element("Duration", duration),
        element("Milestone", milestone),
        element("Summary", summary),
        element("PercentComplete", done),
        element("RemainingDuration", remaining),
        *before,
        *(f"<PredecessorLink><PredecessorUID>{p}</PredecessorUID><Type>{kind}</Type></PredecessorLink>" for p, kind in links),
    ]
    if more.get("benefit") is not None:
        fields.append(f"<ExtendedAttribute><FieldID>{NUMBER1}</FieldID><Value>{more['benefit']}</Value></ExtendedAttribute>")
    fields.append(element("Active", more.get("Active")))
    return "<Task>" + "".join(fields) + "</Task>"


def resource(uid, name, kind, units=None, rate=None):
    return (
        f"<Resource>{element('UID', uid)}{element('Name', name)}{element('Type', kind)}"
        f"{element('MaxUnits', units)}{element('StandardRate', rate)}</Resource>"
    )


def assignment(uid, task_uid, resource_uid, units, work=None):
    return (
        f"<Assignment>{element('UID', uid)}{element('TaskUID', task_uid)}{element('ResourceUID', resource_uid)}"
        f"{element('Units', units)}{element('Work', work)}</Assignment>"
    )


def project_xml(tasks, resources, assignments, *, status_date="2027-01-04T08:00:00", head="") -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{head}'
        '<Project xmlns="http://schemas.microsoft.com/project">'
        "<Name>Water utility change portfolio</Name>"
        f"{element('StatusDate', status_date)}<CurrencyCode>GBP</CurrencyCode>"
        "<ExtendedAttributes><ExtendedAttribute>"
        f"<FieldID>{NUMBER1}</FieldID><FieldName>Number1</FieldName><Alias>Annual benefit</Alias>"
        "</ExtendedAttribute></ExtendedAttributes>"
        "<Calendars><Calendar><UID>1</UID><Name>Standard</Name><IsBaseCalendar>1</IsBaseCalendar></Calendar></Calendars>"
        f"<Tasks>{''.join(tasks)}</Tasks><Resources>{''.join(resources)}</Resources>"
        f"<Assignments>{''.join(assignments)}</Assignments></Project>"
    )


# Three summary tasks; worked out by hand:
# - Data Platform (DP): 480 h = 12 weeks, not started; £520,000 a year = £10,000 a week.
#   Data Engineering works 480 h (2 units on a 240 h task, its Work) + 240 h (1 unit x 240 h,
#   no Work given) = 720 h over 480 h = 1.5 FTE; Development 240 h / 480 h = 0.5 FTE.
# - Customer App (CA): 200 h = 5 weeks; Development 1 unit x 200 h / 200 h = 1 FTE; it waits
#   for Migrate (a task of DP): DP -> CA. Its start-to-start link from Build pipelines is left out.
# - Security Review (SR): 50% done, 80 h remaining = 2 weeks, active; Security 80 h / 160 h
#   = 0.5 FTE; start no earlier than 2027-02-01, a deadline; no benefit: 0, with a warning.
TASKS = [
    task(0, "Water utility change portfolio", 0, summary=1),
    task(1, "Data Platform", 1, summary=1, wbs="DP", duration="PT480H0M0S", benefit=520000),
    task(2, "Build pipelines", 2, duration="PT240H0M0S", wbs="DP.1"),
    task(3, "Migrate", 2, duration="PT240H0M0S", wbs="DP.2", links=[(2, 1)]),
    task(4, "Go live", 2, milestone=1, duration="PT0H0M0S", wbs="DP.3", links=[(3, 1)]),
    task(5, "Customer App", 1, summary="true", wbs="CA", duration="PT200H0M0S", benefit=104000),  # xsd:boolean as a word
    task(6, "Design", 2, duration="PT200H0M0S", wbs="CA.1", links=[(3, 1), (2, 3)]),
    task(
        7,
        "Security Review",
        1,
        summary=1,
        wbs="SR",
        duration="PT160H0M0S",
        done=50,
        remaining="PT80H0M0S",
        ConstraintType=4,
        ConstraintDate="2027-02-01T08:00:00",
        Deadline="2027-06-30T17:00:00",
    ),
    task(8, "Pen test", 2, duration="PT160H0M0S", wbs="SR.1", done=50),
    task(9, "Stand-alone task", 1, duration="PT40H0M0S", wbs="X"),
    task(10, "Board sign-off", 1, milestone=1, duration="PT0H0M0S", wbs="Y"),
]
RESOURCES = [
    resource(0, None, 1),  # MS Project's unnamed placeholder
    resource(1, "Data Engineering", 1, units=3, rate=65),
    resource(2, "Development", 1, units=5, rate=55),
    resource(3, "Security", 1, units=1, rate=80),
    resource(4, "Test rig", 0),
    resource(5, "Licences", 2),
]
ASSIGNMENTS = [
    assignment(1, 2, 1, 2, "PT480H0M0S"),
    assignment(2, 3, 1, 1),
    assignment(3, 3, 2, 1, "PT240H0M0S"),
    assignment(4, 6, 2, 1),
    assignment(5, 6, 4, 1),  # on the material resource: left out with it
    assignment(6, 8, 3, 0.5, "PT80H0M0S"),
]
