# embed.cmake - turn the web/ assets into C strings.
#   cmake -DOUT=web.c -DFILES="a.js|b.css" -P embed.cmake
# Each file F.E becomes `const char ds_web_F_E[]` (NUL-terminated).
string(REPLACE "|" ";" FILES "${FILES}")
set(c "/* Generated from web/ by cmake/embed.cmake: do not edit. */\n")
foreach(f ${FILES})
  get_filename_component(name ${f} NAME)
  string(MAKE_C_IDENTIFIER "ds_web_${name}" id)
  file(READ ${f} hex HEX)
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," hex "${hex}")
  string(REGEX REPLACE "(0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,)"
         "\\1\n" hex "${hex}")
  string(APPEND c "const char ${id}[] = {\n${hex}0};\n")
endforeach()
file(WRITE ${OUT}.tmp "${c}")
file(COPY_FILE ${OUT}.tmp ${OUT} ONLY_IF_DIFFERENT)
