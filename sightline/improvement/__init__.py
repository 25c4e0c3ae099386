"""Learning and improvement (framework section 5): action plans from any source, followed to completion by the
learning group (SPLAD), escalation to the board, the board's summary, and the reviews register."""
