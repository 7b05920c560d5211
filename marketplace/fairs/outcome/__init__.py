"""What a fair achieved, for the centre to report to the programme that paid its subsidy."""
