"""A deterministic sample web of invented clinic sites, served on the loopback interface.

The same seed always yields the same clinics, the same pages and the same ground truth, so the
crawler can be measured against what each page really says. Nothing here describes a real clinic.
"""
