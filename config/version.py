"""The version of the site that is running, as installed from pyproject.toml."""

from importlib.metadata import PackageNotFoundError, version


def installed_version() -> str:
    try:
        return version("neutrality-explained")
    except PackageNotFoundError:
        # Code run from a folder that was never installed has no version to report.
        return "unknown"


# Read once: a new version is installed together with a restart (docs/deploy.md, Upgrading).
APP_VERSION = installed_version()


def app_version(request) -> dict[str, str]:
    """Template context: ``app_version``, shown in the admin's footer."""
    return {"app_version": APP_VERSION}
