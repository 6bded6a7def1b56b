"""The one thing pyproject.toml cannot say: ship the top-level resources/ as a subpackage.

The project's layout keeps demo case, report templates and icons in ``resources/``; the wheel
carries them as ``osint_desk.resources`` so ``importlib.resources`` finds them in any install
(editable, wheel, frozen). Everything else is in pyproject.toml.
"""

from setuptools import find_namespace_packages, find_packages, setup

RESOURCES = ["osint_desk.resources"] + [
    f"osint_desk.resources.{name}"
    for name in find_namespace_packages(where="resources", exclude=["*__pycache__*"])
]

setup(
    packages=[*find_packages(include=["osint_desk", "osint_desk.*"]), *RESOURCES],
    package_dir={"osint_desk.resources": "resources"},
    package_data={name: ["*"] for name in RESOURCES},
    exclude_package_data={name: ["*.pyc", "__pycache__"] for name in RESOURCES},
)
