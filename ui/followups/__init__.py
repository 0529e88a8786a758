"""The Follow-ups screen: referrals to check on, overdue first, and what came of them."""
