// Debian's libxml2 is built with ICU, and its encoding.h then includes the system's
// ICU headers, whose types clash with the copy Foundation carries (_FoundationICU) in
// any Swift file that imports both. Confab never touches the encoding handlers that
// hold ICU converters (only pointers to them), so the headers are read without ICU.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
