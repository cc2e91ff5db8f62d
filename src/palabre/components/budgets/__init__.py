"""Participatory budgeting: budgets of costed projects, baskets, votes, paper ballots, results."""
