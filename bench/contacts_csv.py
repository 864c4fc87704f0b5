#!/usr/bin/env python3
"""Writes a contact CSV of N rows for bench/contacts.sh: names, companies, national phone
numbers with their country, and a custom attribute, as a partner's CRM export would hold them.
Usage: contacts_csv.py ROWS OUT.csv [BAD_LINE]  (BAD_LINE: a line that gets an invalid address)"""
import random
import sys
import unicodedata

FIRST = ["Anna", "Ben", "Chloé", "David", "Eva", "Farid", "Greta", "Hiro", "Ines", "Jonas",
         "Kari", "Lena", "Mateo", "Nora", "Oskar", "Priya", "Quentin", "Rosa", "Sven", "Tariq"]
LAST = ["Berg", "Müller", "Dubois", "Rossi", "Smith", "Novak", "Jensen", "García", "Kowalski",
        "Tanaka", "O'Brien", "Silva", "Nielsen", "Fischer", "Moreau", "Costa"]
COMPANIES = ["Nordwind GmbH", "Acme Corporation", "Fjord AB", "Lumen SA", "Kettle & Co",
             "Orbit Systems Ltd", "Bluebird Retail", "Vega Logistics", "Helix Labs", "Atlas BV"]
TITLES = ["Buyer", "IT Manager", "CTO", "Procurement Lead", "Office Manager", ""]
INDUSTRIES = ["retail", "manufacturing", "healthcare", "education", "public sector", ""]
# A country and a national phone number in its plan.
PHONES = [("DE", lambda r: f"030 {r.randrange(1000000, 9999999)}"),
          ("FR", lambda r: f"01 {r.randrange(10, 99)} {r.randrange(10, 99)} {r.randrange(10, 99)} {r.randrange(10, 99)}"),
          ("US", lambda r: f"(415) 555-{r.randrange(1000, 9999)}"),
          ("GB", lambda r: f"020 7946 {r.randrange(1000, 9999)}"),
          ("SE", lambda r: f"08-{r.randrange(100000, 999999)}"),
          ("", lambda r: "")]


def main():
    rows = int(sys.argv[1])
    out = sys.argv[2]
    bad_line = int(sys.argv[3]) if len(sys.argv) > 3 else 0
    r = random.Random(42)
    with open(out, "w", encoding="utf-8", newline="") as f:
        f.write("Email,First name,Last name,Company,Title,Phone,Country,Industry\r\n")
        for i in range(rows):
            line = i + 2
            first, last = r.choice(FIRST), r.choice(LAST)
            country, phone = r.choice(PHONES)
            company = r.choice(COMPANIES)
            local = unicodedata.normalize("NFKD", f"{first}.{last}.{i}").encode("ascii", "ignore")
            email = f"{local.decode().lower().replace(chr(39), '')}@example{i % 97}.com"
            if line == bad_line:
                email = "not-an-address"
            quoted = f'"{company}"' if "," in company else company
            f.write(f"{email},{first},{last},{quoted},{r.choice(TITLES)},{phone(r)},{country},"
                    f"{r.choice(INDUSTRIES)}\r\n")


if __name__ == "__main__":
    main()
