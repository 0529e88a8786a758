"""The statistics window: the dashboard of visits, referrals and handouts, and its exports."""
