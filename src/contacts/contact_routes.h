#pragma once

#include "contacts/contacts.h"
#include "http/router.h"
#include "identity/auth.h"

namespace strata::contacts {

// /api/v1/contacts…, /api/v1/contact-lists…, /api/v1/suppressions…, /api/v1/marketing-cap and
// /api/v1/privacy/….
void RegisterContactRoutes(http::Router& router, ContactService& contacts,
                           const identity::Authenticator& auth);

class ContactImporter;
// /api/v1/contact-imports…: the upload (the CSV file as the body), its mapping, start and
// cancel, and the report.
void RegisterContactImportRoutes(http::Router& router, ContactImporter& importer,
                                 const identity::Authenticator& auth);

}  // namespace strata::contacts
