#include "core/json_text.h"

#include <fstream>
#include <string>

#include <boost/json/serialize.hpp>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include "core/json_split.h"
#include "support/temp_dir.h"

namespace icopilot {
namespace {

// A file holding `text`, open for reading while this lives.
class FileWith {
 public:
  explicit FileWith(const std::string& text) {
    path_ = dir_.path() / "text.json";
    std::ofstream(path_, std::ios::binary) << text;
    fd_ = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
  }
  ~FileWith() { ::close(fd_); }
  int fd() const { return fd_; }

 private:
  testing::TempDir dir_;
  std::filesystem::path path_;
  int fd_ = -1;
};

std::string Fed(const JsonText& text, std::size_t begin, std::size_t end, int* pieces) {
  std::string out;
  absl::Status fed = text.Feed(begin, end, [&](std::string_view piece) {
    EXPECT_LE(piece.size(), JsonText::kPiece);
    ++*pieces;
    out.append(piece);
    return absl::OkStatus();
  });
  EXPECT_TRUE(fed.ok()) << fed;
  return out;
}

TEST(JsonText, FeedsAFileOrMemoryInPiecesFromAnyOffset) {
  std::string text;
  for (int i = 0; text.size() < 3 * JsonText::kPiece; ++i) text += std::to_string(i) + ",";
  FileWith file(text);
  for (const JsonText& source : {JsonText(text), JsonText(file.fd(), 0, text.size())}) {
    int pieces = 0;
    EXPECT_EQ(Fed(source, 0, text.size(), &pieces), text);
    EXPECT_EQ(pieces, 3 + (text.size() % JsonText::kPiece != 0));
    EXPECT_EQ(Fed(source, 10, 20, &pieces), text.substr(10, 10));
    EXPECT_EQ(*source.Copy(5, 9), text.substr(5, 4));
    EXPECT_EQ(*source.Copy(text.size() - 3, text.size() + 100), text.substr(text.size() - 3));
  }
  // A file's text may start past a byte order mark.
  EXPECT_EQ(*JsonText(file.fd(), 3, text.size() - 3).Copy(0, 5), text.substr(3, 5));
}

TEST(JsonText, AFileShorterThanSaidIsAnErrorNotACrash) {
  FileWith file(R"({"a": 1})");
  auto copied = JsonText(file.fd(), 0, 100).Copy(0, 100);
  ASSERT_FALSE(copied.ok());
  EXPECT_EQ(copied.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_NE(copied.status().message().find("ended at byte 8 of 100"), std::string::npos)
      << copied.status();
}

// What one thread builds from memory, two build reading a file: a file cut short on
// either side of the cut is an error.
TEST(JsonText, TwoThreadsReadTheirHalvesOfAFile) {
  std::string text =
      "{\n  \"a\": {\n    \"x\": [1, 2]\n  },\n  \"b\": {\n    \"$ref\": \"#/a\"\n  }\n}\n";
  FileWith file(text);
  auto split = GuessJsonSplit(JsonText(file.fd(), 0, text.size()));
  ASSERT_TRUE(split.has_value());
  EXPECT_EQ(split->comma, text.find("},") + 1);
  JsonArena first;
  JsonArena second(0, &first);
  auto parsed =
      ParseJsonOnTwoThreads(JsonText(file.fd(), 0, text.size()), split, {}, "$ref", first, second);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(boost::json::serialize(parsed->value), R"({"a":{"x":[1,2]},"b":{"$ref":"#/a"}})");
  EXPECT_EQ(parsed->collected, std::vector<std::string>{"#/a"});

  JsonArena third;
  JsonArena fourth(0, &third);
  auto short_read = ParseJsonOnTwoThreads(JsonText(file.fd(), 0, text.size() + 10), split, {},
                                          "$ref", third, fourth);
  ASSERT_FALSE(short_read.ok());
  EXPECT_NE(short_read.status().message().find("did it change"), std::string::npos)
      << short_read.status();
}

}  // namespace
}  // namespace icopilot
