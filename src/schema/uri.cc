#include "schema/uri.h"

#include <cctype>

#include <boost/url/parse.hpp>
#include <boost/url/url.hpp>

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
  std::string_view raw = uri.substr(hash + 1);
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] == '%' && i + 2 < raw.size() &&
        std::isxdigit(static_cast<unsigned char>(raw[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(raw[i + 2]))) {
      fragment += static_cast<char>(std::stoi(std::string(raw.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else {
      fragment += raw[i];
    }
  }
}

}  // namespace icopilot::schema
