"""Statistical core of spike detection on monthly counts of one stratum.

All functions work on a 1-D array of counts ordered by month (position 0 is the oldest month) and
return per evaluated position the observed count, the expected count, an upper bound and an alarm flag.
Positions are 0-based; ``at`` arguments accept an int (negative counts from the end), a sequence of
positions, a slice or ``None`` for every position the method can evaluate, so a monthly run over many
strata can ask for the last month only.

Methods and the papers they follow:

* EARS C1, C2, C3 -- Hutwagner, Thompson, Seeman and Treadwell (2003), "The bioterrorism preparedness
  and response Early Aberration Reporting System (EARS)", J. Urban Health 80(2 Suppl 1):i89-96; and
  Fricker, Hegler and Dunfee (2008), "Comparing syndromic surveillance detection methods: EARS' versus
  a CUSUM-based methodology", Stat. Med. 27:3407-3429.
* Improved Farrington -- Noufaily, Enki, Farrington, Garthwaite, Andrews and Charlett (2013),
  "An improved algorithm for outbreak detection in multiple surveillance systems", Stat. Med.
  32:1206-1222 (published online 2012), building on Farrington, Andrews, Beale and Catchpole (1996),
  J. R. Stat. Soc. A 159:547-563.
* Negative-binomial CUSUM -- Höhle and Paul (2008), "Count data regression charts for the monitoring
  of surveillance time series", Comput. Stat. Data Anal. 52:4357-4368.
* False discovery rate -- Benjamini and Hochberg (1995), J. R. Stat. Soc. B 57:289-300.

Defaults follow the R package ``surveillance`` (earsC, farringtonFlexible, glrnb), which serves as
the reference the test-suite compares against; deviations are stated where they occur.
"""
