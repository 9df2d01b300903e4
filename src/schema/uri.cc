#include "schema/uri.h"

#include <boost/url/parse.hpp>
#include <boost/url/url.hpp>

#include "core/strings.h"

namespace icopilot::schema {

std::string ResolveUri(std::string_view base, std::string_view reference) {
  auto ref = boost::urls::parse_uri_reference(reference);
  if (!ref) return std::string(reference);
  if (ref->has_scheme()) {
    boost::urls::url absolute(*ref);
    absolute.normalize_path();
    return std::string(absolute.buffer());
  }
  auto parsed_base = boost::urls::parse_uri(base);
  if (!parsed_base) return std::string(reference);
  boost::urls::url out;
  if (!boost::urls::resolve(*parsed_base, *ref, out)) return std::string(reference);
  return std::string(out.buffer());
}

void SplitFragment(std::string_view uri, std::string& document, std::string& fragment) {
  std::size_t hash = uri.find('#');
  document = std::string(uri.substr(0, hash));
  fragment.clear();
  if (hash == std::string_view::npos) return;
  fragment = PercentDecode(uri.substr(hash + 1));
}

}  // namespace icopilot::schema
