"""Date and number formats of the pages (``FORMAT_MODULE_PATH``), in both languages.

Vietnamese write dates day first, ``01/12/2026``; the English pages keep the same form, so a date
never changes meaning with the language (``01/02/2026`` is always 1 February). Django's own English
formats would print "Dec. 1, 2026" and read ``01/02/2026`` as 2 January.
"""
