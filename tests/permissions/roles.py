"""The matrix's roles. The first four are checked on every row; a row of developer groups or
mentoring also names the roles those pages serve."""

ROLES = ["anonymous", "participant", "trainer", "coordinator"]
GROUP_AND_MENTORING_ROLES = ["member", "facilitator", "mentor", "mentee"]
ALL_ROLES = [*ROLES, *GROUP_AND_MENTORING_ROLES]
