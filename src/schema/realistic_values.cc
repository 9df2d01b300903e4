#include "schema/realistic_values.h"

#include <array>
#include <cctype>

#include "core/strings.h"

namespace icopilot::schema {
namespace {

constexpr std::array<std::string_view, 8> kFirst = {"Ana",   "Kofi",  "Mei",   "Lukas",
                                                    "Priya", "Mateo", "Amara", "Jonas"};
constexpr std::array<std::string_view, 8> kLast = {"Silva", "Mensah", "Chen",   "Weber",
                                                   "Nair",  "Garcia", "Okafor", "Berg"};
constexpr std::array<std::string_view, 6> kCities = {"Lisbon", "Accra", "Taipei",
                                                     "Berlin", "Pune",  "Bogota"};
constexpr std::array<std::string_view, 6> kCountries = {"PT", "GH", "TW", "DE", "IN", "CO"};
constexpr std::array<std::string_view, 5> kCurrencies = {"EUR", "USD", "GBP", "JPY", "INR"};
constexpr std::array<std::string_view, 5> kWords = {"alpha", "harbor", "meadow", "copper",
                                                    "summit"};

template <std::size_t N>
std::string_view Pick(const std::array<std::string_view, N>& list, std::mt19937_64& rng) {
  return list[rng() % N];
}

bool Has(const std::string& name, std::string_view part) {
  return name.find(part) != std::string::npos;
}

std::string Hex(std::mt19937_64& rng, int digits) {
  static constexpr std::string_view kHex = "0123456789abcdef";
  std::string out;
  for (int i = 0; i < digits; ++i) out += kHex[rng() % 16];
  return out;
}

std::string Email(std::mt19937_64& rng) {
  return ToLower(StrCat(Pick(kFirst, rng), ".", Pick(kLast, rng), "@example.com"));
}

std::string DateTime(std::mt19937_64& rng) {
  return fmt::format("2024-{:02}-{:02}T{:02}:{:02}:00Z", 1 + rng() % 12, 1 + rng() % 28,
                     8 + rng() % 10, rng() % 60);
}

}  // namespace

std::optional<std::string> StringForFormat(Format format, std::string_view name,
                                           std::mt19937_64& rng) {
  switch (format) {
    case Format::kDateTime:
      return DateTime(rng);
    case Format::kDate:
      return fmt::format("2024-{:02}-{:02}", 1 + rng() % 12, 1 + rng() % 28);
    case Format::kTime:
      return fmt::format("{:02}:{:02}:00Z", 8 + rng() % 10, rng() % 60);
    case Format::kDuration:
      return fmt::format("P{}DT{}H", 1 + rng() % 9, rng() % 24);
    case Format::kEmail:
      return Email(rng);
    case Format::kUuid:
      return StrCat(Hex(rng, 8), "-", Hex(rng, 4), "-4", Hex(rng, 3), "-",
                    std::string_view("89ab").substr(rng() % 4, 1), Hex(rng, 3), "-", Hex(rng, 12));
    case Format::kUri:
      return StrCat("https://api.example.com/", name.empty() ? "items" : ToLower(name), "/",
                    100 + rng() % 900);
    case Format::kUriReference:
      return StrCat("/", name.empty() ? "items" : ToLower(name), "/", 100 + rng() % 900);
    case Format::kUriTemplate:
      return StrCat("https://api.example.com/", name.empty() ? "items" : ToLower(name), "{/id}");
    case Format::kIpv4:
      return StrCat("192.0.2.", 1 + rng() % 254);
    case Format::kIpv6:
      return StrCat("2001:db8::", Hex(rng, 4));
    case Format::kHostname:
      return StrCat(Pick(kWords, rng), ".example.com");
    case Format::kByte:
      return std::string("aGVsbG8gd29ybGQ=");
    case Format::kPassword:
      return StrCat("S3cret-", Hex(rng, 6));
    default:
      return std::nullopt;
  }
}

std::string StringForName(std::string_view raw, std::mt19937_64& rng) {
  std::string name = ToLower(raw);
  if (Has(name, "email")) return Email(rng);
  if (Has(name, "first") || Has(name, "given")) return std::string(Pick(kFirst, rng));
  if (Has(name, "last") || Has(name, "surname") || Has(name, "family"))
    return std::string(Pick(kLast, rng));
  if (Has(name, "username") || Has(name, "login") || Has(name, "handle"))
    return ToLower(Pick(kFirst, rng));
  // Before "organization": an organization_url is a URL.
  if (Has(name, "url") || Has(name, "uri") || Has(name, "href") || Has(name, "link")) {
    return StrCat("https://example.com/", Pick(kWords, rng));
  }
  if (Has(name, "company") || Has(name, "organization") || Has(name, "org_name"))
    return "Acme Corp";
  if (name == "name" || Has(name, "full_name") || Has(name, "fullname") ||
      Has(name, "display_name")) {
    return StrCat(Pick(kFirst, rng), " ", Pick(kLast, rng));
  }
  if (Has(name, "phone") || Has(name, "mobile"))
    return fmt::format("+1-202-555-{:04}", rng() % 10000);
  if (Has(name, "currency")) return std::string(Pick(kCurrencies, rng));
  if (Has(name, "country")) return std::string(Pick(kCountries, rng));
  if (Has(name, "city")) return std::string(Pick(kCities, rng));
  if (Has(name, "street") || Has(name, "address"))
    return StrCat(1 + rng() % 200, " Harbour Street");
  if (Has(name, "zip") || Has(name, "postal") || Has(name, "postcode"))
    return fmt::format("{:05}", rng() % 100000);
  if (Has(name, "created") || Has(name, "updated") || Has(name, "_at") || Has(name, "timestamp"))
    return DateTime(rng);
  if (Has(name, "date")) return fmt::format("2024-{:02}-{:02}", 1 + rng() % 12, 1 + rng() % 28);
  if (Has(name, "locale") || Has(name, "language") || name == "lang") return "en-US";
  if (Has(name, "timezone") || name == "tz") return "Europe/Lisbon";
  if (Has(name, "status") || Has(name, "state")) return "active";
  if (Has(name, "token") || Has(name, "secret") || Has(name, "key")) return Hex(rng, 32);
  if (Has(name, "sku")) return fmt::format("SKU-{:04}", rng() % 10000);
  if (name == "id" || name.ends_with("_id") || name.ends_with("id")) {
    std::string prefix =
        name.size() > 3 ? name.substr(0, std::min<std::size_t>(3, name.size())) : "obj";
    return StrCat(prefix, "_", Hex(rng, 12));
  }
  if (Has(name, "description") || Has(name, "message") || Has(name, "summary") ||
      Has(name, "comment")) {
    return "Delivered to the front desk.";
  }
  if (Has(name, "title")) return "Quarterly report";
  if (Has(name, "color") || Has(name, "colour")) return "teal";
  return std::string(Pick(kWords, rng));
}

std::optional<double> NumberForName(std::string_view raw, bool integer, std::mt19937_64& rng) {
  std::string name = ToLower(raw);
  if (Has(name, "amount") || Has(name, "price") || Has(name, "total") || Has(name, "cost") ||
      Has(name, "balance")) {
    double cents = static_cast<double>(500 + rng() % 20000);
    return integer ? cents : cents / 100;
  }
  if (Has(name, "age")) return 18 + static_cast<double>(rng() % 60);
  if (Has(name, "year")) return 2020 + static_cast<double>(rng() % 6);
  if (Has(name, "count") || Has(name, "quantity") || Has(name, "qty") || Has(name, "size"))
    return 1 + static_cast<double>(rng() % 9);
  if (Has(name, "page")) return 1;
  if (Has(name, "lat")) return integer ? 38 : 38.7223;
  if (Has(name, "lon") || Has(name, "lng")) return integer ? -9 : -9.1393;
  if (name == "id" || name.ends_with("_id") || name.ends_with("id"))
    return 1000 + static_cast<double>(rng() % 9000);
  return std::nullopt;
}

}  // namespace icopilot::schema
