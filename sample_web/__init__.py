"""A deterministic sample web of invented clinic sites, served on the loopback interface.

The same seed always yields the same clinics, the same pages and the same ground truth, so the
crawler can be measured against what each page really says. Besides the clinics' own sites it
serves a directory, a review site, a stand-in of the NPI registry API and the noise of the real
web (see site.py for the layout). Nothing here describes a real clinic or person.
"""
