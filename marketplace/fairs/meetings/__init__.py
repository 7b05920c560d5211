"""B2B meetings at a fair: slots exhibitors offer, buyers' requests, both sides' agendas."""
