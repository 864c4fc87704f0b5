#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace strata::core {

// The form Strata keeps an email address in, or nullopt when it is not one a mail server would
// accept in an SMTP envelope as most senders write it: a dot-atom local part of at most 64
// characters (RFC 5322 atext), '@', and a domain of at least two labels (letters, digits and
// inner hyphens, each at most 63 characters, the last not all digits), at most 254 characters in
// all. Quoted local parts, comments, folding white space and address literals ([192.0.2.1]) are
// valid RFC 5322 but refused: mail to them is almost always a typing or parsing accident. A
// domain in Unicode (bücher.example) is accepted when it converts to an A-label under IDNA
// (UTS #46) and is kept in Unicode. The kept form is trimmed of spaces and tabs (never of line
// breaks, which refuse the address) and in lower case: addresses are compared without regard to
// case, as every major mailbox provider does.
std::optional<std::string> NormaliseEmail(std::string_view address);

}  // namespace strata::core
