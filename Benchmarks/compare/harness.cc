// Peer-comparison harness: Google's libphonenumber (C++), as packaged by Debian (libphonenumber-dev).
//
//   harness CORPUS ANSWERS [LABEL]
//
// CORPUS holds `REGION<TAB>INPUT` lines (empty REGION = no default region). Lines are read and
// split before the clock starts. The timed loop does, per input: Parse with the default region,
// IsValidNumber, GetNumberType, Format(E164). ANSWERS receives one `status<TAB>e164<TAB>valid<TAB>type`
// line per input, in order. stdout receives one JSON summary line.
#include <phonenumbers/phonenumber.pb.h>
#include <phonenumbers/phonenumberutil.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

namespace {

struct Input {
  std::string region;
  std::string text;
};

struct Answer {
  int status = 0;  // PhoneNumberUtil::ErrorType
  bool valid = false;
  int type = PhoneNumberUtil::UNKNOWN;
  std::string e164;
};

const char* StatusName(int status) {
  switch (status) {
    case PhoneNumberUtil::NO_PARSING_ERROR: return "ok";
    case PhoneNumberUtil::INVALID_COUNTRY_CODE_ERROR: return "INVALID_COUNTRY_CODE";
    case PhoneNumberUtil::NOT_A_NUMBER: return "NOT_A_NUMBER";
    case PhoneNumberUtil::TOO_SHORT_AFTER_IDD: return "TOO_SHORT_AFTER_IDD";
    case PhoneNumberUtil::TOO_SHORT_NSN: return "TOO_SHORT_NSN";
    case PhoneNumberUtil::TOO_LONG_NSN: return "TOO_LONG";
  }
  return "UNKNOWN_ERROR";
}

const char* TypeName(int type) {
  switch (type) {
    case PhoneNumberUtil::FIXED_LINE: return "fixed_line";
    case PhoneNumberUtil::MOBILE: return "mobile";
    case PhoneNumberUtil::FIXED_LINE_OR_MOBILE: return "fixed_line_or_mobile";
    case PhoneNumberUtil::TOLL_FREE: return "toll_free";
    case PhoneNumberUtil::PREMIUM_RATE: return "premium_rate";
    case PhoneNumberUtil::SHARED_COST: return "shared_cost";
    case PhoneNumberUtil::VOIP: return "voip";
    case PhoneNumberUtil::PERSONAL_NUMBER: return "personal_number";
    case PhoneNumberUtil::PAGER: return "pager";
    case PhoneNumberUtil::UAN: return "uan";
    case PhoneNumberUtil::VOICEMAIL: return "voicemail";
    default: return "unknown";
  }
}

std::vector<Input> ReadCorpus(const char* path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    std::cerr << "cannot read " << path << "\n";
    std::exit(2);
  }
  std::stringstream buffer;
  buffer << file.rdbuf();
  const std::string data = buffer.str();
  std::vector<Input> inputs;
  size_t start = 0;
  while (start < data.size()) {
    size_t end = data.find('\n', start);
    if (end == std::string::npos) end = data.size();
    const size_t tab = data.find('\t', start);
    Input input;
    if (tab != std::string::npos && tab < end) {
      input.region = data.substr(start, tab - start);
      input.text = data.substr(tab + 1, end - tab - 1);
    } else {
      input.text = data.substr(start, end - start);
    }
    // libphonenumber's "no default region" is the unknown region ZZ.
    if (input.region.empty()) input.region = "ZZ";
    inputs.push_back(std::move(input));
    start = end + 1;
  }
  return inputs;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: harness CORPUS ANSWERS [LABEL]\n";
    return 2;
  }
  const std::string label = argc > 3 ? argv[3] : "libphonenumber C++";
  const std::vector<Input> inputs = ReadCorpus(argv[1]);
  const PhoneNumberUtil* util = PhoneNumberUtil::GetInstance();  // loads metadata, untimed
  std::vector<Answer> answers(inputs.size());

  const auto start = std::chrono::steady_clock::now();
  for (size_t i = 0; i < inputs.size(); ++i) {
    PhoneNumber number;
    Answer& answer = answers[i];
    answer.status = util->Parse(inputs[i].text, inputs[i].region, &number);
    if (answer.status == PhoneNumberUtil::NO_PARSING_ERROR) {
      answer.valid = util->IsValidNumber(number);
      answer.type = util->GetNumberType(number);
      util->Format(number, PhoneNumberUtil::E164, &answer.e164);
    }
  }
  const auto stop = std::chrono::steady_clock::now();

  const double total_ns =
      static_cast<double>(std::chrono::duration_cast<std::chrono::nanoseconds>(stop - start).count());
  const double count = static_cast<double>(inputs.size());
  const double ns_per_number = count > 0 ? total_ns / count : 0;
  const double per_second = total_ns > 0 ? count * 1e9 / total_ns : 0;

  FILE* out = std::fopen(argv[2], "w");
  if (out == nullptr) {
    std::cerr << "cannot write " << argv[2] << "\n";
    return 2;
  }
  for (const Answer& answer : answers) {
    std::fprintf(out, "%s\t%s\t%s\t%s\n", StatusName(answer.status), answer.e164.c_str(),
                 answer.status == PhoneNumberUtil::NO_PARSING_ERROR ? (answer.valid ? "1" : "0") : "",
                 answer.status == PhoneNumberUtil::NO_PARSING_ERROR ? TypeName(answer.type) : "");
  }
  std::fclose(out);

  std::printf(
      "{\"impl\":\"%s\",\"count\":%zu,\"total_ns\":%.0f,\"ns_per_number\":%.1f,"
      "\"numbers_per_second\":%.0f}\n",
      label.c_str(), inputs.size(), total_ns, ns_per_number, per_second);
  return 0;
}
