"""Handouts at the desk: the referral sheet's preview, printing and saving as PDF."""
