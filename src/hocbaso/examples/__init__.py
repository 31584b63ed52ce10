"""
Bundled example transcripts: real schools and places, invented people.

* :func:`primary_example`: grades 1–5 (2020–2021 to 2024–2025) at Trường Tiểu
  học Lưu Phương, Thị trấn Phát Diệm, Huyện Kim Sơn, Tỉnh Ninh Bình.
* :func:`lower_secondary_example`: grades 6–9; the pupil moves from Ninh Bình
  to Thành phố Hồ Chí Minh in the summer of 2025, across the reorganisation of
  1 July 2025, so the two schools' addresses follow different systems.

Every name, birth date and identifier below is invented.
"""

from collections.abc import Callable

from hocbaso.examples._lower_secondary import lower_secondary_example
from hocbaso.examples._primary import primary_example
from hocbaso.model import Transcript

__all__ = ["EXAMPLES", "lower_secondary_example", "primary_example"]

EXAMPLES: dict[str, Callable[[], Transcript]] = {
    "primary": primary_example,
    "lower-secondary": lower_secondary_example,
}
"""The examples by name, as the command line offers them."""
