"""Static files in production: WhiteNoise's compressed, hashed copies, each address found once."""

from functools import lru_cache

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """Each file's hashed address is worked out once per process, not on every ``{% static %}``:
    the manifest is written by collectstatic before the server starts and does not change while
    it runs (a new release restarts the server)."""

    @lru_cache(maxsize=512)  # noqa: B019 - one storage per process, which lives as long
    def url(self, name, force=False):
        return super().url(name, force)
