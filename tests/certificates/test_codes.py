import math
from collections import Counter

import pytest

from certificates.codes import ALPHABET, CODE_BYTES, CODE_LENGTH, format_number, group_code, new_code, normalise_code


def test_a_code_carries_at_least_64_random_bits_in_16_characters():
    assert CODE_BYTES * 8 >= 64
    assert CODE_LENGTH * math.log2(len(ALPHABET)) >= 64
    code = new_code()
    assert len(code) == CODE_LENGTH == 16
    assert set(code) <= set(ALPHABET)


def test_codes_do_not_repeat_and_use_the_whole_alphabet_in_every_position():
    codes = [new_code() for _ in range(5000)]

    assert len(set(codes)) == len(codes)
    for position in range(CODE_LENGTH):
        counts = Counter(code[position] for code in codes)
        # 32 symbols, ~156 each: a position stuck on a few symbols would mean lost entropy.
        assert len(counts) == 32
        assert max(counts.values()) < 260


@pytest.mark.parametrize(
    "typed",
    ["7K3M-9QX2-ABCD-EFGH", "7k3m9qx2abcdefgh", " 7K3M 9QX2 ABCD EFGH ", "7K3M–9QX2–ABCD–EFGH", "7K3M.9QX2.ABCD.EFGH"],
)
def test_a_typed_code_is_read_whatever_its_case_spaces_and_dashes(typed):
    assert normalise_code(typed) == "7K3M9QX2ABCDEFGH"


def test_letters_mistaken_for_digits_read_as_the_digits():
    assert normalise_code("O1IL-0000-0000-0000") == "0111000000000000"


@pytest.mark.parametrize(
    "typed", ["", "7K3M-9QX2-ABCD", "7K3M-9QX2-ABCD-EFGH-J", "7K3M-9QX2-ABCD-EFG!", "UUUU-UUUU-UUUU-UUUU"]
)
def test_what_cannot_be_a_code_is_refused(typed):
    assert normalise_code(typed) is None


def test_codes_are_grouped_in_fours_and_numbers_padded_to_six_digits():
    assert group_code("7K3M9QX2ABCDEFGH") == "7K3M-9QX2-ABCD-EFGH"
    assert format_number(2026, 123) == "2026-000123"
