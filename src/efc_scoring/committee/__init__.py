"""Committee: consolidation of evaluators, agreement statistics, discussion agenda, audit ledger."""
