"""English dates as in Britain ("29 March 2022"), as the site showed them before it had a
second language."""

from django.conf.locale.en_GB.formats import *  # noqa: F403
