#include "contract/form_body.h"

#include <gtest/gtest.h>

#include "contract/request_check.h"
#include "spec/load.h"

namespace icopilot::contract {
namespace {

TEST(FormBody, ReadsUrlEncodedPairsWithPlusAsSpace) {
  auto fields = ParseUrlEncodedForm("name=Ana+Lima&tag=a%26b&tag=c&empty=&flag");
  ASSERT_TRUE(fields.ok()) << fields.status();
  ASSERT_EQ(fields->size(), 5u);
  EXPECT_EQ((*fields)[0].value, "Ana Lima");
  EXPECT_EQ((*fields)[1].value, "a&b");
  EXPECT_EQ((*fields)[4].name, "flag");
  auto lenient = ParseUrlEncodedForm("a=%zz&tags[]=1+%2B1");
  ASSERT_TRUE(lenient.ok());
  EXPECT_EQ((*lenient)[0].value, "%zz");
  EXPECT_EQ((*lenient)[1].name, "tags[]");
  EXPECT_EQ((*lenient)[1].value, "1 +1");
}

TEST(FormBody, ReadsMultipartPartsAndFiles) {
  std::string body =
      "preamble\r\n--XyZ\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nHello\r\n"
      "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n"
      "Content-Type: text/plain\r\n\r\nline1\r\nline2\r\n--XyZ--\r\n";
  auto fields = ParseMultipartForm(body, "multipart/form-data; boundary=XyZ");
  ASSERT_TRUE(fields.ok()) << fields.status();
  ASSERT_EQ(fields->size(), 2u);
  EXPECT_EQ((*fields)[0].name, "title");
  EXPECT_EQ((*fields)[0].value, "Hello");
  EXPECT_TRUE((*fields)[1].file);
  EXPECT_EQ((*fields)[1].value, "line1\r\nline2");
  EXPECT_FALSE(ParseMultipartForm(body, "multipart/form-data").ok());  // no boundary
  EXPECT_FALSE(
      ParseMultipartForm("--XyZ\r\n\r\nx\r\n--XyZ--", "multipart/form-data; boundary=XyZ").ok());
  EXPECT_FALSE(ParseMultipartForm("--XyZ\r\nContent-Disposition: form-data; name=a\r\n\r\nx",
                                  "multipart/form-data; boundary=XyZ")
                   .ok());  // never closed
}

constexpr std::string_view kSpec = R"(
openapi: 3.0.3
info: {title: Forms, version: '1'}
paths:
  /upload:
    post:
      requestBody:
        content:
          application/x-www-form-urlencoded:
            schema:
              type: object
              required: [count]
              properties:
                count: {type: integer, maximum: 10}
                tags: {type: array, items: {type: string}}
          multipart/form-data:
            schema:
              type: object
              required: [file]
              properties:
                file: {type: string, format: binary}
                note: {type: string, maxLength: 3}
      responses:
        '204': {description: ok}
)";

class FormCheckTest : public ::testing::Test {
 protected:
  FormCheckTest()
      : loaded_(spec::LoadSpecText("forms.yaml", std::string(kSpec))), schemas_(loaded_) {}

  RequestCheck Check(std::string content_type, std::string body) {
    net::Request request;
    request.method = "POST";
    request.target = request.path = "/upload";
    request.headers.Add("content-type", content_type);
    request.body = std::move(body);
    return CheckRequest(schemas_, loaded_.spec->operations.at(0), request, {});
  }

  spec::LoadedSpec loaded_;
  SpecSchemas schemas_;
};

TEST_F(FormCheckTest, FormFieldsAreReadAsTheirTypesAndValidated) {
  EXPECT_TRUE(
      Check("application/x-www-form-urlencoded", "count=3&tags=a&tags=b").violations.empty());
  auto bad = Check("application/x-www-form-urlencoded", "count=30&tags=a");
  ASSERT_EQ(bad.violations.size(), 1u);
  EXPECT_EQ(bad.violations[0].location, "body/count");
  EXPECT_EQ(Check("application/x-www-form-urlencoded", "tags=a").violations.at(0).keyword,
            "required");
  EXPECT_EQ(Check("application/x-www-form-urlencoded", "count=two").violations.at(0).keyword,
            "type");
}

TEST_F(FormCheckTest, MultipartPartsAreValidated) {
  const std::string type = "multipart/form-data; boundary=b";
  EXPECT_TRUE(Check(type,
                    "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x.bin\"\r\n"
                    "\r\n\x01\x02\r\n--b--")
                  .violations.empty());
  auto bad =
      Check(type, "--b\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\ntoo long\r\n--b--");
  ASSERT_EQ(bad.violations.size(), 2u);  // file missing, note too long
  auto broken = Check(type, "--b\r\nno headers");
  ASSERT_EQ(broken.violations.size(), 1u);
  EXPECT_EQ(broken.violations[0].keyword, "form");
}

}  // namespace
}  // namespace icopilot::contract
