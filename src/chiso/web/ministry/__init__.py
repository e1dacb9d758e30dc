"""The ministry's view: every province of the store on one page per indicator, ranked, with trend and status."""
