/**
 * The StarBasic module that keeps one LibreOffice warm (installed into the private profile's
 * Standard library and started with `macro:///Standard.Hetong.Serve`). No UNO bridge is
 * needed from Node: requests are files. Node writes `in/<id>.docx` (atomically, by rename);
 * the macro loads it hidden, stores `out/<id>.part` with the writer_pdf_Export filter, renames
 * it to `out/<id>.pdf` (or writes `out/<id>.err`) and deletes the input. `stop` ends the loop,
 * and so does the death of the Node process (HETONG_PARENT_PID, checked through /proc).
 */
export const BASIC_MODULE_NAME = 'Hetong';

export const BASIC_SERVER_SOURCE = `REM Hetong warm converter (see src/render/libreoffice/basic-server.ts)
Sub Serve
  Dim spool As String
  spool = Environ("HETONG_SPOOL")
  Dim parent As String
  parent = Environ("HETONG_PARENT_PID")
  Dim names(0 To 255) As String
  Dim n As Integer, i As Integer, f As String, h As Integer
  h = FreeFile
  Open spool & "/ready" For Output As #h
  Print #h, "ready"
  Close #h
  Do
    n = 0
    f = Dir(spool & "/in/*.docx", 0)
    Do While f <> "" And n < 256
      names(n) = f
      n = n + 1
      f = Dir()
    Loop
    For i = 0 To n - 1
      ConvertOne(spool, names(i))
    Next i
    If FileExists(spool & "/stop") Then Exit Do
    REM Stop when the Node process that started us is gone (killed without closing us).
    If parent <> "" Then
      If Not FileExists("/proc/" & parent) Then Exit Do
    End If
    If n = 0 Then Wait 3
  Loop
  StarDesktop.terminate()
End Sub

Sub ConvertOne(spool As String, f As String)
  Dim stem As String
  stem = Left(f, Len(f) - 5)
  Dim inArgs(0) As New com.sun.star.beans.PropertyValue
  inArgs(0).Name = "Hidden"
  inArgs(0).Value = True
  Dim outArgs(0) As New com.sun.star.beans.PropertyValue
  outArgs(0).Name = "FilterName"
  outArgs(0).Value = "writer_pdf_Export"
  Dim doc As Object
  On Error GoTo Failed
  doc = StarDesktop.loadComponentFromURL(ConvertToURL(spool & "/in/" & f), "_blank", 0, inArgs())
  doc.storeToURL(ConvertToURL(spool & "/out/" & stem & ".part"), outArgs())
  doc.close(True)
  Name spool & "/out/" & stem & ".part" As spool & "/out/" & stem & ".pdf"
  Kill spool & "/in/" & f
  Exit Sub
Failed:
  On Error Resume Next
  If Not IsNull(doc) Then doc.close(True)
  Dim h As Integer
  h = FreeFile
  Open spool & "/out/" & stem & ".err" For Output As #h
  Print #h, "Error " & Err & ": " & Error$ & " (line " & Erl & ")"
  Close #h
  Kill spool & "/in/" & f
End Sub
`;

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The module as LibreOffice stores it in user/basic/Standard/<name>.xba. */
export function basicModuleXml(): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">\n' +
    `<script:module xmlns:script="http://openoffice.org/2000/script" script:name="${BASIC_MODULE_NAME}" script:language="StarBasic">` +
    `${escapeXml(BASIC_SERVER_SOURCE)}</script:module>\n`
  );
}

/** script.xlb of the Standard library with our module listed (LibreOffice's own stays too). */
export function withModuleListed(scriptXlb: string): string {
  if (scriptXlb.includes(`library:name="${BASIC_MODULE_NAME}"`)) return scriptXlb;
  const element = ` <library:element library:name="${BASIC_MODULE_NAME}"/>\n`;
  return scriptXlb.includes('</library:library>')
    ? scriptXlb.replace('</library:library>', `${element}</library:library>`)
    : scriptXlb.replace(/\/>\s*$/, `>\n${element}</library:library>\n`);
}
