"""
The 54 ethnic groups of Viet Nam, by canonical name, with their spelling variants.

Systems number the groups differently (DOMAIN §5.3: the statistics office, the
social-insurance list and vendor lists disagree), so hocbaso never trusts a
numeric code across vendors: a group is identified by its canonical name, and
the common spellings of each name are accepted on input. The order below is the
statistics office's list (QĐ 121-TCTK/PPCĐ), kept only as the order of the enum.
"""

from __future__ import annotations

from hocbaso.model.vocabulary import Vocabulary

__all__ = ["EthnicGroup"]


class EthnicGroup(Vocabulary):
    """An ethnic group (dân tộc), or ``FOREIGN`` for a pupil of foreign origin."""

    KINH = ("Kinh", "Kinh", "Việt", "Kinh (Việt)", "dân tộc Kinh")
    TAY = ("Tày", "Tày")
    THAI = ("Thái", "Thái")
    HOA = ("Hoa", "Hoa", "Người Hoa")
    KHMER = ("Khơ-me", "Khơ-me", "Khmer", "Khơ Me", "Khơme", "Khmer Krom")
    MUONG = ("Mường", "Mường")
    NUNG = ("Nùng", "Nùng")
    HMONG = ("HMông", "HMông", "H'Mông", "Mông", "Hmong", "Mèo")
    DAO = ("Dao", "Dao")
    GIA_RAI = ("Gia-rai", "Gia-rai", "Jrai", "Gia Rai")
    NGAI = ("Ngái", "Ngái")
    E_DE = ("Ê-đê", "Ê-đê", "Êđê", "Rađê", "Rhade")
    BA_NA = ("Ba-na", "Ba-na", "Bahnar")
    XO_DANG = ("Xơ-đăng", "Xơ-đăng", "Sê Đăng", "Xê Đăng")
    SAN_CHAY = ("Sán Chay", "Sán Chay", "Cao Lan", "Sán Chỉ", "Cao Lan - Sán Chỉ")
    CO_HO = ("Cơ-ho", "Cơ-ho", "K'Ho", "Kơ Ho")
    CHAM = ("Chăm", "Chăm", "Chàm")
    SAN_DIU = ("Sán Dìu", "Sán Dìu")
    HRE = ("Hrê", "Hrê", "H're")
    MNONG = ("Mnông", "Mnông", "M'Nông")
    RA_GLAI = ("Ra-glai", "Ra-glai", "Raglai", "Ra Giai")
    XTIENG = ("Xtiêng", "Xtiêng", "Stiêng", "Xa Điêng")
    BRU_VAN_KIEU = ("Bru-Vân Kiều", "Bru-Vân Kiều", "Vân Kiều", "Bru")
    THO = ("Thổ", "Thổ")
    GIAY = ("Giáy", "Giáy")
    CO_TU = ("Cơ-tu", "Cơ-tu", "Katu", "Ca Tu")
    GIE_TRIENG = ("Gié-Triêng", "Gié-Triêng", "Giẻ Triêng", "Giẻ-Triêng", "Gié Triêng")
    MA = ("Mạ", "Mạ")
    KHO_MU = ("Khơ-mú", "Khơ-mú", "Khmu", "Khơ Mú", "Khmú")
    CO = ("Co", "Co", "Cor")
    TA_OI = ("Tà-ôi", "Tà-ôi", "Tà Ôi", "Pa Cô", "Pa-kô")
    CHO_RO = ("Chơ-ro", "Chơ-ro", "Châu Ro")
    KHANG = ("Kháng", "Kháng")
    XINH_MUN = ("Xinh-mun", "Xinh-mun", "Xinh Mun")
    HA_NHI = ("Hà Nhì", "Hà Nhì")
    CHU_RU = ("Chu-ru", "Chu-ru", "Chu Ru")
    LAO = ("Lào", "Lào")
    LA_CHI = ("La Chí", "La Chí")
    LA_HA = ("La Ha", "La Ha")
    PHU_LA = ("Phù Lá", "Phù Lá", "Xá Phó")
    LA_HU = ("La Hủ", "La Hủ")
    LU = ("Lự", "Lự", "Lữ")
    LO_LO = ("Lô Lô", "Lô Lô")
    CHUT = ("Chứt", "Chứt")
    MANG = ("Mảng", "Mảng", "Mảng Ư")
    PA_THEN = ("Pà Thẻn", "Pà Thẻn", "Pà Hưng")
    CO_LAO = ("Co Lao", "Co Lao", "Cờ Lao", "Cơ Lao")
    CONG = ("Cống", "Cống")
    BO_Y = ("Bố Y", "Bố Y", "Bố Ý")
    SI_LA = ("Si La", "Si La", "Xi La")
    PU_PEO = ("Pu Péo", "Pu Péo")
    BRAU = ("Brâu", "Brâu")
    O_DU = ("Ơ Đu", "Ơ Đu", "Ơ-đu")
    RO_MAM = ("Rơ-măm", "Rơ-măm", "Rơ Măm")
    FOREIGN = ("foreign", "Người nước ngoài", "Nước ngoài")

    @property
    def canonical_name(self) -> str:
        """The name hocbaso writes: the statistics office's spelling."""
        return self.label
